/* lessonkit: the reader's progress as data. Pure functions over an injected
   storage (anything with getItem/setItem/removeItem: localStorage in the browser,
   a fake in the node tests), so they can be tested without a browser.

   Nothing here throws to the page: unreadable or malformed data loads as no
   progress, and a refused write (quota, private mode, blocked storage) comes back
   as {ok: false, reason} for the page to tell the reader.

   Stored under storageKey(book), as JSON:
     {version: 3,
      lessons:   {"<lesson page>": "<ISO date completed>"},
      exercises: {"<lesson page>#<exercise id>": "<ISO date attempted>"},
      checks:    {"<lesson page>#<check id>": {answered: "<ISO date first answered>",
                                               correct: "<ISO date first answered correctly>"}}}
   A mark is a non-empty string (the date) or true; anything else is dropped. A
   check without "correct" was answered, never correctly; once correct it stays so
   (a later wrong try, to read another explanation, takes nothing away). Version 2
   had no "checks" and loads as it is.

   Loads in the browser as a classic <script> (window.lessonkitProgressStore) and
   in node with require(). */
(function (root, factory) {
  "use strict";
  var store = factory();
  if (typeof module === "object" && module && module.exports) module.exports = store;
  else root.lessonkitProgressStore = store;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var VERSION = 3;
  var KEY_PREFIX = "lessonkit-progress:";
  var PROBE_KEY = "lessonkit-progress-probe";
  /* The same rule as progress.py, for a book whose data lacks it. */
  var DEFAULT_XP = { lesson: 100, exercise: 25, check: 10 };

  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key);
  }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* ---- Where the progress is kept ---- */

  /* One key per book, so two books served from one origin keep apart. */
  function storageKey(book) {
    if (book && typeof book.storageKey === "string" && book.storageKey) return book.storageKey;
    var name = book && typeof book.book === "string" && book.book ? book.book : "book";
    return KEY_PREFIX + name;
  }

  function previousStorageKeys(book) {
    var keys = book && Array.isArray(book.previousStorageKeys) ? book.previousStorageKeys : [];
    var current = storageKey(book);
    return keys.filter(function (key) {
      return typeof key === "string" && key !== "" && key !== current;
    });
  }

  /* window.localStorage itself throws a SecurityError when storage is blocked. */
  function browserStorage(win) {
    try {
      return (win && win.localStorage) || null;
    } catch (error) {
      return null;
    }
  }

  function failureReason(error) {
    var name = error && error.name;
    var code = error && error.code;
    // 22 and 1014 are the legacy quota codes (WebKit/Blink and Firefox).
    if (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || code === 22 || code === 1014) {
      return "quota";
    }
    if (name === "SecurityError" || code === 18) return "security";
    return "error";
  }

  function failure(reason, error) {
    var result = { ok: false, reason: reason };
    if (error !== undefined) result.error = error;
    return result;
  }

  /* Whether a write is possible at all; the page says so before the reader tries. */
  function check(storage) {
    if (!storage) return failure("unavailable");
    try {
      storage.setItem(PROBE_KEY, PROBE_KEY);
      storage.removeItem(PROBE_KEY);
      return { ok: true };
    } catch (error) {
      return failure(failureReason(error), error);
    }
  }

  /* ---- The shape of the progress ---- */

  function emptyProgress() {
    return { version: VERSION, lessons: {}, exercises: {}, checks: {} };
  }

  function isMark(mark) {
    return (typeof mark === "string" && mark !== "") || mark === true;
  }

  function repairMarks(value) {
    var marks = {};
    if (!isRecord(value)) return marks;
    Object.keys(value).forEach(function (key) {
      var mark = value[key];
      if (key === "" || key === "__proto__") return;
      if (isMark(mark)) marks[key] = mark;
    });
    return marks;
  }

  /* {answered, correct?} per check; a correct check counts as answered. */
  function repairChecks(value) {
    var checks = {};
    if (!isRecord(value)) return checks;
    Object.keys(value).forEach(function (key) {
      var entry = value[key];
      if (key === "" || key === "__proto__" || !isRecord(entry)) return;
      var correct = isMark(entry.correct) ? entry.correct : null;
      var answered = isMark(entry.answered) ? entry.answered : correct;
      if (!answered) return;
      checks[key] = correct ? { answered: answered, correct: correct } : { answered: answered };
    });
    return checks;
  }

  /* Any value in, a well-formed fresh copy out: what the page and save() rely on. */
  function repair(value) {
    var progress = emptyProgress();
    if (!isRecord(value)) return progress;
    progress.lessons = repairMarks(value.lessons);
    progress.exercises = repairMarks(value.exercises);
    progress.checks = repairChecks(value.checks);
    return progress;
  }

  /* {present: the key holds something, readable: getItem worked, progress}. */
  function read(storage, key) {
    var text;
    try {
      text = storage ? storage.getItem(key) : null;
    } catch (error) {
      return { present: false, readable: false, reason: failureReason(error), progress: emptyProgress() };
    }
    if (text === null || text === undefined) {
      return { present: false, readable: !!storage, progress: emptyProgress() };
    }
    var parsed = null;
    try {
      parsed = JSON.parse(String(text));
    } catch (error) {
      parsed = null; // Not JSON: nothing usable, and the next save replaces it.
    }
    return { present: true, readable: true, progress: repair(parsed) };
  }

  function findPrevious(storage, book) {
    var keys = previousStorageKeys(book);
    for (var i = 0; i < keys.length; i += 1) {
      var found = read(storage, keys[i]);
      if (found.present) return { key: keys[i], progress: found.progress };
    }
    return null;
  }

  /* The reader's progress; never throws. Until migrate() has copied it, data under
     a previous key is read from there, so a failed migration loses nothing. */
  function load(storage, book) {
    var current = read(storage, storageKey(book));
    if (current.present || !current.readable) return current.progress;
    var previous = findPrevious(storage, book);
    return previous ? previous.progress : emptyProgress();
  }

  function save(storage, book, progress) {
    if (!storage) return failure("unavailable");
    try {
      storage.setItem(storageKey(book), JSON.stringify(repair(progress)));
      return { ok: true };
    } catch (error) {
      return failure(failureReason(error), error);
    }
  }

  /* Copies progress from a previous key when the book's own key is still empty,
     then drops the old key so a later reset cannot bring it back. */
  function migrate(storage, book) {
    var current = read(storage, storageKey(book));
    if (!current.readable) return failure(current.reason || "unavailable");
    if (current.present) return { ok: true, migrated: false };
    var previous = findPrevious(storage, book);
    if (!previous) return { ok: true, migrated: false };
    var saved = save(storage, book, previous.progress);
    if (!saved.ok) return saved;
    try {
      storage.removeItem(previous.key);
    } catch (error) {
      // The copy is saved; an old key that stays behind is never read again.
    }
    return { ok: true, migrated: true, from: previous.key };
  }

  /* Forgets the book's progress, including any not yet migrated. */
  function clear(storage, book) {
    if (!storage) return failure("unavailable");
    var keys = [storageKey(book)].concat(previousStorageKeys(book));
    for (var i = 0; i < keys.length; i += 1) {
      try {
        storage.removeItem(keys[i]);
      } catch (error) {
        return failure(failureReason(error), error);
      }
    }
    return { ok: true };
  }

  /* Reads the latest progress (another tab may have changed it), applies edit,
     saves. progress is what is stored afterwards: the old progress if the save
     failed, so the page never shows a change that was not kept. */
  function update(storage, book, edit) {
    var before = load(storage, book);
    var after = repair(edit(repair(before)));
    var saved = save(storage, book, after);
    var result = saved.ok ? { ok: true } : saved;
    result.progress = saved.ok ? after : before;
    return result;
  }

  /* ---- Marks (pure: each returns a new progress object) ---- */

  function exerciseKey(lessonPage, exerciseId) {
    return lessonPage + "#" + exerciseId;
  }

  function marked(marks, key) {
    return !!marks && own(marks, key) && !!marks[key];
  }

  function isLessonComplete(progress, lessonPage) {
    return marked(progress && progress.lessons, lessonPage);
  }

  function isExerciseAttempted(progress, lessonPage, exerciseId) {
    return marked(progress && progress.exercises, exerciseKey(lessonPage, exerciseId));
  }

  function stamp(when) {
    return typeof when === "string" && when !== "" ? when : new Date().toISOString();
  }

  function setLessonComplete(progress, lessonPage, complete, when) {
    var next = repair(progress);
    if (complete) next.lessons[lessonPage] = stamp(when);
    else delete next.lessons[lessonPage];
    return next;
  }

  function setExerciseAttempted(progress, lessonPage, exerciseId, attempted, when) {
    var next = repair(progress);
    var key = exerciseKey(lessonPage, exerciseId);
    if (attempted) next.exercises[key] = stamp(when);
    else delete next.exercises[key];
    return next;
  }

  /* A self-check answered: the first answer and the first correct one are kept. */
  function recordCheck(progress, lessonPage, checkId, correct, when) {
    var next = repair(progress);
    var key = exerciseKey(lessonPage, checkId);
    var entry = own(next.checks, key) ? next.checks[key] : {};
    var date = stamp(when);
    if (!entry.answered) entry.answered = date;
    if (correct && !entry.correct) entry.correct = date;
    next.checks[key] = entry;
    return next;
  }

  /* "correct", "answered" (never correctly) or null. */
  function checkResult(progress, lessonPage, checkId) {
    var checks = progress && isRecord(progress.checks) ? progress.checks : null;
    var key = exerciseKey(lessonPage, checkId);
    if (!checks || !own(checks, key) || !isRecord(checks[key])) return null;
    if (isMark(checks[key].correct)) return "correct";
    return isMark(checks[key].answered) ? "answered" : null;
  }

  function toggleLesson(progress, lessonPage, when) {
    return setLessonComplete(progress, lessonPage, !isLessonComplete(progress, lessonPage), when);
  }

  function toggleExercise(progress, lessonPage, exerciseId, when) {
    var attempted = isExerciseAttempted(progress, lessonPage, exerciseId);
    return setExerciseAttempted(progress, lessonPage, exerciseId, !attempted, when);
  }

  /* ---- What the progress adds up to ---- */

  /* A lesson's exercises as {id, name}; a bare id string is accepted too. */
  function exercisesOf(lesson) {
    var list = lesson && Array.isArray(lesson.exercises) ? lesson.exercises : [];
    var exercises = [];
    list.forEach(function (entry) {
      if (typeof entry === "string" && entry) exercises.push({ id: entry, name: "" });
      else if (isRecord(entry) && typeof entry.id === "string" && entry.id) {
        exercises.push({ id: entry.id, name: typeof entry.name === "string" ? entry.name : "" });
      }
    });
    return exercises;
  }

  /* A lesson's self-check questions as {id, name}, like its exercises. */
  function checksOf(lesson) {
    return exercisesOf({ exercises: lesson && Array.isArray(lesson.checks) ? lesson.checks : [] });
  }

  function lessonsOf(book) {
    var list = book && Array.isArray(book.lessons) ? book.lessons : [];
    return list.filter(function (lesson) {
      return isRecord(lesson) && typeof lesson.page === "string";
    });
  }

  function xpRule(book) {
    var xp = book && isRecord(book.xp) ? book.xp : {};
    return {
      lesson: typeof xp.lesson === "number" ? xp.lesson : DEFAULT_XP.lesson,
      exercise: typeof xp.exercise === "number" ? xp.exercise : DEFAULT_XP.exercise,
      check: typeof xp.check === "number" ? xp.check : DEFAULT_XP.check,
    };
  }

  /* Only what belongs to the book as built counts: a renamed or removed lesson or
     exercise drops out. level is the highest reached (the lowest if none is),
     next the one after it or null. */
  function summarise(book, progress) {
    var state = repair(progress);
    var lessons = lessonsOf(book);
    var rule = xpRule(book);
    var done = 0;
    var attempted = 0;
    var exerciseCount = 0;
    var lessonsWithAllExercises = 0;
    var checkCount = 0;
    var answered = 0;
    var correct = 0;
    var lessonsWithAllChecks = 0;
    lessons.forEach(function (lesson) {
      if (isLessonComplete(state, lesson.page)) done += 1;
      var exercises = exercisesOf(lesson);
      var mine = exercises.filter(function (exercise) {
        return isExerciseAttempted(state, lesson.page, exercise.id);
      }).length;
      attempted += mine;
      exerciseCount += exercises.length;
      if (exercises.length && mine === exercises.length) lessonsWithAllExercises += 1;
      var checks = checksOf(lesson);
      var right = 0;
      checks.forEach(function (check) {
        var result = checkResult(state, lesson.page, check.id);
        if (result) answered += 1;
        if (result === "correct") right += 1;
      });
      correct += right;
      checkCount += checks.length;
      if (checks.length && right === checks.length) lessonsWithAllChecks += 1;
    });
    var xp = done * rule.lesson + attempted * rule.exercise + correct * rule.check;
    var levels = (book && Array.isArray(book.levels) ? book.levels : [])
      .filter(function (level) { return isRecord(level) && typeof level.xp === "number"; })
      .sort(function (a, b) { return a.xp - b.xp; });
    var level = levels.length ? levels[0] : null;
    var next = null;
    levels.forEach(function (candidate) {
      if (xp >= candidate.xp) level = candidate;
      else if (!next) next = candidate;
    });
    var total = lessons.length;
    return {
      done: done,
      total: total,
      attempted: attempted,
      exercises: exerciseCount,
      checks: checkCount,
      checksAnswered: answered,
      checksCorrect: correct,
      xp: xp,
      level: level,
      next: next,
      xpToNext: next ? next.xp - xp : 0,
      earned: {
        "first-lesson": done >= 1,
        "all-exercises-of-a-lesson": lessonsWithAllExercises >= 1,
        "half-the-book": total > 0 && done * 2 >= total,
        "whole-book": total > 0 && done === total,
        "all-checks-of-a-lesson": lessonsWithAllChecks >= 1,
      },
    };
  }

  return {
    VERSION: VERSION,
    storageKey: storageKey,
    previousStorageKeys: previousStorageKeys,
    browserStorage: browserStorage,
    check: check,
    emptyProgress: emptyProgress,
    repair: repair,
    load: load,
    save: save,
    migrate: migrate,
    clear: clear,
    update: update,
    exerciseKey: exerciseKey,
    isLessonComplete: isLessonComplete,
    isExerciseAttempted: isExerciseAttempted,
    setLessonComplete: setLessonComplete,
    setExerciseAttempted: setExerciseAttempted,
    toggleLesson: toggleLesson,
    toggleExercise: toggleExercise,
    recordCheck: recordCheck,
    checkResult: checkResult,
    exercisesOf: exercisesOf,
    checksOf: checksOf,
    xpRule: xpRule,
    summarise: summarise,
  };
});
