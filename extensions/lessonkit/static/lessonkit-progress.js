/* lessonkit: the reader's progress, kept in this browser's localStorage only.
   The book's lessons, XP rule, levels, achievements and text come from
   lessonkit-book.js, which the build writes; nothing here names a lesson. Reading,
   repairing and saving the progress is lessonkit-progress-store.js's job; this
   script draws the controls and summaries.

   Contract with the build's HTML (progress.py writes the other side):

   Scripts, in this order: _static/lessonkit-book.js, then
   _static/lessonkit-progress-store.js, then this file (deferred).

   window.lessonkitBook = {
     book: "stream",                              // the book's identity
     storageKey: "lessonkit-progress:stream",     // where its progress is kept
     previousStorageKeys: ["stream-progress-v1"], // optional: migrated when storageKey is empty
     lessons: [{page: "lessons/01-x", number: 1, title: "…", url: "lessons/01-x.html",
                exercises: [{id: "ex-count", name: "Exercise 1.1"}],
                checks: [{id: "check-tokens", name: "Check 1.1"}]}],   // self-check questions
     progressPage: {page: "progress", url: "progress.html"} | null,
     xp: {lesson: 100, exercise: 25, check: 10},
     levels: [{xp: 0, name: "…"}, …],             // lowest first
     achievements: [{key: "first-lesson", name: "…", how: "…"}, …],
     strings: {…}                                  // interface text, see below
   }
   Every url is relative to the book's root, and used as given after the page's
   <html data-content_root="…"> prefix: "lessons/01-x.html", "lessons/01-x/"
   (dirhtml) or "index.html#document-progress" (singlehtml).

   In the HTML:
   - <div class="lessonkit-lesson-progress" data-lessonkit-lesson="lessons/01-x" hidden></div>
     at the end of each lesson (several on the single-page edition's one page):
     filled with that lesson's "mark complete" control, then shown.
   - For each lesson with such an element on the page, each of its exercises is the
     element with id = exercise.id; its "attempted" control is appended inside it.
   - <div class="lessonkit-progress-summary" data-variant="full|compact" hidden></div>:
     filled with the summary, then shown. The compact one links to progressPage.url.
   - .lessonkit-progress-noscript elements are hidden.
   Self-check questions are answered by lessonkit-self-check.js, which announces
   each saved answer with the window event "lessonkit:progress": summaries redraw. */
(function () {
  "use strict";

  var book = window.lessonkitBook;
  var store = window.lessonkitProgressStore;
  if (!book || !store) return;

  /* Text this script added after a build's strings were fixed: English until the
     build supplies a translation. */
  var FALLBACK_STRINGS = {
    saveFailed: "Your progress could not be saved in this browser.",
    attemptedExerciseLabel: "I attempted this exercise: {exercise}",
    checksDone: "{answered} of {total} self-check questions answered, {correct} correctly",
  };
  var strings = book.strings || {};

  function string(key) {
    if (typeof strings[key] === "string") return strings[key];
    return FALLBACK_STRINGS[key] || "";
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  var storage = store.browserStorage(window);
  var storageKey = store.storageKey(book);
  var contentRoot = document.documentElement.getAttribute("data-content_root") || "";
  var lessonsByPage = Object.create(null);
  (Array.isArray(book.lessons) ? book.lessons : []).forEach(function (lesson) {
    if (lesson && typeof lesson.page === "string") lessonsByPage[lesson.page] = lesson;
  });

  /* One polite live region per page, for what a click did that focus does not tell. */
  var announcer = null;
  function announce(message) {
    // Emptied first, so the same message twice in a row is read twice.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 100);
  }

  /* Whether this browser lets the page write at all; probed once, in start(). */
  var storageWritable = false;
  function storageNote() {
    return element("p", "lessonkit-progress-privacy", storageWritable ? string("privacy") : string("unavailable"));
  }

  /* Each refresher redraws from one freshly loaded progress. */
  var refreshers = [];
  function refresh(progress) {
    var current = progress || store.load(storage, book);
    refreshers.forEach(function (redraw) { redraw(current); });
  }

  /* Saves one change. On failure the controls are redrawn from what is really
     stored (so none looks saved), and the reader is told, aloud and next to the
     control. */
  function saveChange(edit, message) {
    var result = store.update(storage, book, edit);
    refresh(result.progress);
    if (result.ok) {
      message.hidden = true;
      message.textContent = "";
    } else {
      message.textContent = string("saveFailed");
      message.hidden = false;
      announce(string("saveFailed"));
    }
  }

  /* Toggle buttons keep one label and carry their state in aria-pressed (shown by a
     check mark and fill in lessonkit.css). A label that also changed would be read
     as a contradiction ("Lesson complete (Undo), pressed"), and a stable name is
     what voice-control users say and what the visible text promises. A screen
     reader announces the pressed state of the focused button itself, so a
     successful toggle needs no live-region message. */
  function toggleButton(className, label) {
    var button = element("button", className + " lessonkit-toggle", label);
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    return button;
  }

  function setPressed(button, pressed) {
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
  }

  function failureMessage(tag) {
    var message = element(tag, "lessonkit-progress-message");
    message.hidden = true;
    return message;
  }

  function fillLessonControl(marker, lesson) {
    var button = toggleButton("lessonkit-complete-button", string("markComplete"));
    var message = failureMessage("p");
    marker.textContent = "";
    marker.appendChild(button);
    marker.appendChild(message);
    marker.appendChild(storageNote());
    button.addEventListener("click", function () {
      saveChange(function (progress) { return store.toggleLesson(progress, lesson.page); }, message);
    });
    refreshers.push(function (progress) {
      setPressed(button, store.isLessonComplete(progress, lesson.page));
    });
    marker.hidden = false;
  }

  /* Each exercise's button is named after its exercise, so a list of buttons tells
     them apart; the name starts with the visible text (WCAG 2.5.3, label in name). */
  function attemptLabel(visible, exerciseName) {
    if (!exerciseName) return null;
    var label = format(string("attemptedExerciseLabel"), { exercise: exerciseName });
    if (label.toLowerCase().indexOf(visible.toLowerCase()) === -1) label = visible + ": " + exerciseName;
    return label;
  }

  function addExerciseControls(lesson) {
    store.exercisesOf(lesson).forEach(function (exercise) {
      var box = document.getElementById(exercise.id);
      if (!box) return;
      var visible = string("markAttempted");
      var button = toggleButton("lessonkit-attempt-button", visible);
      var label = attemptLabel(visible, exercise.name);
      if (label) button.setAttribute("aria-label", label);
      var message = failureMessage("span");
      var control = element("div", "lessonkit-attempt");
      control.appendChild(button);
      control.appendChild(message);
      button.addEventListener("click", function () {
        saveChange(function (progress) {
          return store.toggleExercise(progress, lesson.page, exercise.id);
        }, message);
      });
      refreshers.push(function (progress) {
        setPressed(button, store.isExerciseAttempted(progress, lesson.page, exercise.id));
      });
      box.appendChild(control);
    });
  }

  /* Built once and redrawn in place, so the reset button keeps keyboard focus. */
  function fillSummary(container) {
    var variant = container.getAttribute("data-variant") === "compact" ? "compact" : "full";
    var facts = element("ul", "lessonkit-progress-facts");
    var achievementList = null;
    container.textContent = "";
    container.appendChild(facts);

    var progressUrl = book.progressPage && typeof book.progressPage.url === "string" ? book.progressPage.url : "";
    if (variant === "compact" && progressUrl) {
      var more = element("a", "lessonkit-progress-link", string("progressPage"));
      more.href = contentRoot + progressUrl;
      container.appendChild(more);
    }

    if (variant === "full") {
      container.appendChild(element("h2", "lessonkit-progress-heading", string("achievements")));
      achievementList = element("ul", "lessonkit-achievements");
      container.appendChild(achievementList);
      container.appendChild(element("p", "lessonkit-progress-rule", string("xpRule")));
      var reset = element("button", "lessonkit-progress-reset", string("reset"));
      reset.type = "button";
      reset.addEventListener("click", function () {
        if (!window.confirm(string("resetConfirm"))) return;
        var result = store.clear(storage, book);
        refresh();
        announce(result.ok ? string("resetDone") : string("saveFailed"));
      });
      container.appendChild(reset);
    }
    container.appendChild(storageNote());

    refreshers.push(function (progress) {
      var summary = store.summarise(book, progress);
      facts.textContent = "";
      facts.appendChild(element("li", "lessonkit-progress-lessons",
        format(string("lessonsDone"), { done: summary.done, total: summary.total })));
      if (summary.checks) {
        facts.appendChild(element("li", "lessonkit-progress-checks", format(string("checksDone"), {
          answered: summary.checksAnswered, total: summary.checks, correct: summary.checksCorrect,
        })));
      }
      facts.appendChild(element("li", "lessonkit-progress-xp", format(string("xp"), { xp: summary.xp })));
      if (summary.level) {
        facts.appendChild(element("li", "lessonkit-progress-level",
          format(string("level"), { level: summary.level.name })));
      }
      if (summary.next) {
        facts.appendChild(element("li", "lessonkit-progress-next",
          format(string("nextLevel"), { xp: summary.xpToNext, level: summary.next.name })));
      }
      if (!achievementList) return;
      achievementList.textContent = "";
      (Array.isArray(book.achievements) ? book.achievements : []).forEach(function (achievement) {
        var earned = !!summary.earned[achievement.key];
        var item = element("li", earned ? "lessonkit-achievement earned" : "lessonkit-achievement");
        item.appendChild(element("strong", null, achievement.name));
        item.appendChild(document.createTextNode(" (" + (earned ? string("earned") : string("notYet")) + "): "));
        item.appendChild(document.createTextNode(achievement.how));
        achievementList.appendChild(item);
      });
    });
    container.hidden = false;
  }

  function each(selector, callback) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), callback);
  }

  function start() {
    announcer = element("p", "lessonkit-visually-hidden");
    announcer.setAttribute("role", "status");
    document.body.appendChild(announcer);
    storageWritable = store.check(storage).ok;

    // Progress kept under a previous key moves to this book's key once.
    store.migrate(storage, book);

    var lessonsOnPage = Object.create(null);
    each(".lessonkit-lesson-progress[data-lessonkit-lesson]", function (marker) {
      var page = marker.getAttribute("data-lessonkit-lesson");
      var lesson = lessonsByPage[page];
      if (!lesson || lessonsOnPage[page]) return;
      lessonsOnPage[page] = true;
      fillLessonControl(marker, lesson);
      addExerciseControls(lesson);
    });
    each(".lessonkit-progress-summary", fillSummary);
    each(".lessonkit-progress-noscript", function (note) { note.hidden = true; });
    refresh();

    /* Another tab changed the progress: show the same numbers here. */
    window.addEventListener("storage", function (event) {
      if (event.key === storageKey || event.key === null) refresh();
    });
    /* A self-check question on this page was answered. */
    window.addEventListener("lessonkit:progress", function () { refresh(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
