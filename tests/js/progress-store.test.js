// The progress store (extensions/lessonkit/static/lessonkit-progress-store.js) on
// fake storages: no browser, no dependencies. Run with `node --test tests/js/`.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const STORE_FILE = path.join(__dirname, "..", "..", "extensions", "lessonkit", "static", "lessonkit-progress-store.js");
const store = require(STORE_FILE);

const LEGACY_KEY = "stream-progress-v1";
const KEY = "lessonkit-progress:stream";

// Levels, achievements and XP as progress.py writes them into lessonkit-book.js.
function makeBook(overrides) {
  return {
    book: "stream",
    storageKey: KEY,
    previousStorageKeys: [LEGACY_KEY],
    lessons: [
      { page: "lessons/01-a", number: 1, title: "A", url: "lessons/01-a.html",
        exercises: [{ id: "ex-a1", name: "Exercise 1.1" }, { id: "ex-a2", name: "Exercise 1.2" }],
        checks: [{ id: "check-a1", name: "Check 1.1" }, { id: "check-a2", name: "Check 1.2" }] },
      { page: "lessons/02-b", number: 2, title: "B", url: "lessons/02-b.html",
        exercises: [{ id: "ex-b1", name: "Exercise 2.1" }],
        checks: [{ id: "check-b1", name: "Check 2.1" }] },
      { page: "lessons/03-c", number: 3, title: "C", url: "lessons/03-c.html", exercises: [] },
      { page: "lessons/04-d", number: 4, title: "D", url: "lessons/04-d.html", exercises: [] },
    ],
    progressPage: { page: "progress", url: "progress.html" },
    xp: { lesson: 100, exercise: 25, check: 10 },
    levels: [
      { xp: 0, name: "Viewer" },
      { xp: 100, name: "Storyboard artist" },
      { xp: 300, name: "Camera operator" },
      { xp: 600, name: "Editor" },
      { xp: 1000, name: "Director" },
    ],
    achievements: [
      { key: "first-lesson", name: "First cut", how: "" },
      { key: "all-exercises-of-a-lesson", name: "Hands on", how: "" },
      { key: "half-the-book", name: "Halfway", how: "" },
      { key: "whole-book", name: "Final cut", how: "" },
      { key: "all-checks-of-a-lesson", name: "Sharp eye", how: "" },
    ],
    strings: {},
    ...overrides,
  };
}

function memoryStorage(initial) {
  const items = new Map(Object.entries(initial || {}));
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => { items.set(key, String(value)); },
    removeItem: (key) => { items.delete(key); },
  };
}

// Reads work, every write is refused: a full quota (or old Safari's private mode).
function fullStorage(initial) {
  const storage = memoryStorage(initial);
  storage.setItem = () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
  return storage;
}

// Every access is refused: storage blocked by the browser's settings.
function blockedStorage() {
  const refuse = () => { throw new DOMException("The operation is insecure.", "SecurityError"); };
  return { getItem: refuse, setItem: refuse, removeItem: refuse };
}

function stored(storage, key) {
  return JSON.parse(storage.items.get(key));
}

function progressWith(lessons, exercises) {
  const progress = store.emptyProgress();
  for (const page of lessons || []) progress.lessons[page] = "2024-05-01T10:00:00.000Z";
  for (const key of exercises || []) progress.exercises[key] = "2024-05-01T10:00:00.000Z";
  return progress;
}

const EMPTY = { version: 3, lessons: {}, exercises: {}, checks: {} };

// ---- Storage key ----

test("the storage key is the book's own, with a fallback built from its name", () => {
  assert.equal(store.storageKey(makeBook()), "lessonkit-progress:stream");
  assert.equal(store.storageKey({ book: "other" }), "lessonkit-progress:other");
  assert.equal(store.storageKey({}), "lessonkit-progress:book");
  assert.equal(store.storageKey({ book: "", storageKey: "" }), "lessonkit-progress:book");
});

test("two books on one storage keep their progress apart", () => {
  const storage = memoryStorage();
  const stream = makeBook();
  const other = makeBook({ book: "other", storageKey: undefined, previousStorageKeys: undefined });
  assert.ok(store.save(storage, stream, progressWith(["lessons/01-a"])).ok);
  assert.ok(store.save(storage, other, progressWith(["lessons/02-b", "lessons/03-c"])).ok);

  assert.deepEqual(Object.keys(store.load(storage, stream).lessons), ["lessons/01-a"]);
  assert.deepEqual(Object.keys(store.load(storage, other).lessons), ["lessons/02-b", "lessons/03-c"]);
  assert.deepEqual([...storage.items.keys()].sort(), ["lessonkit-progress:other", "lessonkit-progress:stream"]);

  assert.ok(store.clear(storage, other).ok);
  assert.deepEqual(Object.keys(store.load(storage, stream).lessons), ["lessons/01-a"]);
});

// ---- Load and repair ----

test("nothing stored, or no storage at all, loads as no progress", () => {
  assert.deepEqual(store.load(memoryStorage(), makeBook()), EMPTY);
  assert.deepEqual(store.load(null, makeBook()), EMPTY);
});

test("a saved progress loads back with its version", () => {
  const storage = memoryStorage();
  const progress = progressWith(["lessons/02-b"], ["lessons/01-a#ex-a1"]);
  assert.deepEqual(store.save(storage, makeBook(), progress), { ok: true });
  assert.equal(stored(storage, KEY).version, 3);
  assert.deepEqual(store.load(storage, makeBook()), progress);
});

test("invalid JSON loads as no progress, and the next save replaces it", () => {
  const storage = memoryStorage({ [KEY]: "{not json" });
  const book = makeBook();
  assert.deepEqual(store.load(storage, book), EMPTY);
  const result = store.update(storage, book, (p) => store.toggleLesson(p, "lessons/01-a", "2024-06-01"));
  assert.equal(result.ok, true);
  assert.deepEqual(stored(storage, KEY), { version: 3, lessons: { "lessons/01-a": "2024-06-01" }, exercises: {}, checks: {} });
});

test("stored data of the wrong shape is repaired on load and the next write works", () => {
  const wrongShapes = [
    '{"lessons": "x"}', "[]", "[1, 2]", "42", "null", '"text"', "true", "",
    '{"lessons": [1], "exercises": 5}', '{"lessons": null, "exercises": "x"}',
    '{"version": "two", "lessons": {"": "2024"}, "exercises": []}',
  ];
  for (const text of wrongShapes) {
    const storage = memoryStorage({ [KEY]: text });
    const book = makeBook();
    assert.deepEqual(store.load(storage, book), EMPTY, `load of ${JSON.stringify(text)}`);
    const result = store.update(storage, book, (p) =>
      store.toggleExercise(p, "lessons/01-a", "ex-a1", "2024-06-01"));
    assert.equal(result.ok, true, `write after ${JSON.stringify(text)}`);
    assert.deepEqual(store.load(storage, book).exercises, { "lessons/01-a#ex-a1": "2024-06-01" });
  }
});

test("only marks that are a non-empty string or true survive a load", () => {
  const storage = memoryStorage({
    [KEY]: JSON.stringify({
      version: 2,
      lessons: { a: 1, b: false, c: null, d: {}, e: [], f: "", g: "2024-01-01", h: true, i: 0 },
      exercises: { "lessons/01-a#ex-a1": "2024-01-02", "lessons/01-a#ex-a2": { at: 1 } },
    }),
  });
  assert.deepEqual(store.load(storage, makeBook()), {
    version: 3,
    lessons: { g: "2024-01-01", h: true },
    exercises: { "lessons/01-a#ex-a1": "2024-01-02" },
    checks: {},
  });
});

test("a __proto__ key in stored data neither pollutes objects nor counts", () => {
  const storage = memoryStorage({ [KEY]: '{"lessons": {"__proto__": {"polluted": "yes"}, "lessons/01-a": "d"}}' });
  const progress = store.load(storage, makeBook());
  assert.deepEqual(Object.keys(progress.lessons), ["lessons/01-a"]);
  assert.equal({}.polluted, undefined);
  assert.equal(store.isLessonComplete(progress, "constructor"), false);
  assert.equal(store.isLessonComplete(progress, "toString"), false);
});

// ---- Refused storage ----

test("a save refused by a full quota returns a failure and never throws", () => {
  const before = JSON.stringify(progressWith(["lessons/01-a"]));
  const storage = fullStorage({ [KEY]: before });
  const result = store.save(storage, makeBook(), progressWith(["lessons/01-a", "lessons/02-b"]));
  assert.equal(result.ok, false);
  assert.equal(result.reason, "quota");
  assert.equal(storage.items.get(KEY), before);
  assert.deepEqual(store.check(storage), { ok: false, reason: "quota", error: result.error });
});

test("after a refused save the progress returned is what is really stored", () => {
  const storage = fullStorage({ [KEY]: JSON.stringify(progressWith(["lessons/01-a"])) });
  const book = makeBook();
  const result = store.update(storage, book, (p) => store.toggleLesson(p, "lessons/02-b"));
  assert.equal(result.ok, false);
  assert.equal(result.reason, "quota");
  assert.equal(store.isLessonComplete(result.progress, "lessons/01-a"), true);
  assert.equal(store.isLessonComplete(result.progress, "lessons/02-b"), false);
});

test("storage blocked for security reasons: nothing throws, every write reports it", () => {
  const storage = blockedStorage();
  const book = makeBook();
  assert.deepEqual(store.load(storage, book), EMPTY);
  assert.equal(store.save(storage, book, progressWith(["lessons/01-a"])).reason, "security");
  assert.equal(store.clear(storage, book).reason, "security");
  assert.equal(store.migrate(storage, book).reason, "security");
  assert.equal(store.check(storage).reason, "security");
  const result = store.update(storage, book, (p) => store.toggleLesson(p, "lessons/01-a"));
  assert.deepEqual([result.ok, result.reason, result.progress], [false, "security", EMPTY]);
});

test("no storage at all is reported as unavailable", () => {
  assert.deepEqual(store.save(null, makeBook(), EMPTY), { ok: false, reason: "unavailable" });
  assert.deepEqual(store.check(null), { ok: false, reason: "unavailable" });
  assert.deepEqual(store.clear(null, makeBook()), { ok: false, reason: "unavailable" });
});

test("a window whose localStorage getter throws gives no storage", () => {
  const blockedWindow = {};
  Object.defineProperty(blockedWindow, "localStorage", {
    get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
  });
  const storage = memoryStorage();
  assert.equal(store.browserStorage(blockedWindow), null);
  assert.equal(store.browserStorage({ localStorage: storage }), storage);
});

test("an unknown error on write is a failure too", () => {
  const storage = memoryStorage();
  storage.setItem = () => { throw new TypeError("broken"); };
  assert.equal(store.save(storage, makeBook(), EMPTY).reason, "error");
});

// ---- Migration ----

const LEGACY_DATA = {
  lessons: { "lessons/01-a": "2024-03-01T09:00:00.000Z" },
  exercises: { "lessons/01-a#ex-a1": "2024-03-01T09:05:00.000Z" },
};

test("progress under the legacy key moves to the book's key", () => {
  const storage = memoryStorage({ [LEGACY_KEY]: JSON.stringify(LEGACY_DATA) });
  const book = makeBook();
  assert.deepEqual(store.migrate(storage, book), { ok: true, migrated: true, from: LEGACY_KEY });
  assert.deepEqual(stored(storage, KEY), { version: 3, ...LEGACY_DATA, checks: {} });
  assert.equal(storage.items.has(LEGACY_KEY), false);
  assert.equal(store.summarise(book, store.load(storage, book)).xp, 125);
  // Once is enough.
  assert.deepEqual(store.migrate(storage, book), { ok: true, migrated: false });
});

test("the legacy key is not migrated over progress already under the book's key", () => {
  const current = JSON.stringify(progressWith(["lessons/04-d"]));
  const storage = memoryStorage({ [KEY]: current, [LEGACY_KEY]: JSON.stringify(LEGACY_DATA) });
  assert.deepEqual(store.migrate(storage, makeBook()), { ok: true, migrated: false });
  assert.equal(storage.items.get(KEY), current);
  assert.deepEqual(Object.keys(store.load(storage, makeBook()).lessons), ["lessons/04-d"]);
});

test("a migration that cannot be written loses nothing: the legacy progress still loads", () => {
  const storage = fullStorage({ [LEGACY_KEY]: JSON.stringify(LEGACY_DATA) });
  const book = makeBook();
  const result = store.migrate(storage, book);
  assert.deepEqual([result.ok, result.reason], [false, "quota"]);
  assert.equal(storage.items.has(LEGACY_KEY), true);
  assert.deepEqual(store.load(storage, book), { version: 3, ...LEGACY_DATA, checks: {} });
});

test("a book without previousStorageKeys ignores the legacy key", () => {
  const storage = memoryStorage({ [LEGACY_KEY]: JSON.stringify(LEGACY_DATA) });
  const book = makeBook({ previousStorageKeys: undefined });
  assert.deepEqual(store.migrate(storage, book), { ok: true, migrated: false });
  assert.deepEqual(store.load(storage, book), EMPTY);
});

test("a reset also clears legacy progress, so it cannot come back", () => {
  const storage = memoryStorage({ [LEGACY_KEY]: JSON.stringify(LEGACY_DATA) });
  const book = makeBook();
  assert.equal(store.load(storage, book).lessons["lessons/01-a"], LEGACY_DATA.lessons["lessons/01-a"]);
  assert.deepEqual(store.clear(storage, book), { ok: true });
  assert.deepEqual(store.load(storage, book), EMPTY);
  assert.deepEqual(store.migrate(storage, book), { ok: true, migrated: false });
  assert.equal(storage.items.size, 0);
});

// ---- Marks ----

test("toggles return a new progress and leave the one given unchanged", () => {
  const progress = progressWith(["lessons/01-a"]);
  const snapshot = JSON.parse(JSON.stringify(progress));
  const undone = store.toggleLesson(progress, "lessons/01-a");
  const attempted = store.toggleExercise(progress, "lessons/02-b", "ex-b1", "2024-07-01");
  assert.deepEqual(progress, snapshot);
  assert.equal(store.isLessonComplete(undone, "lessons/01-a"), false);
  assert.deepEqual(attempted.exercises, { "lessons/02-b#ex-b1": "2024-07-01" });
  assert.equal(store.isExerciseAttempted(attempted, "lessons/02-b", "ex-b1"), true);
  assert.equal(store.isExerciseAttempted(store.toggleExercise(attempted, "lessons/02-b", "ex-b1"), "lessons/02-b", "ex-b1"), false);
  assert.match(store.toggleLesson(EMPTY, "lessons/03-c").lessons["lessons/03-c"], /^\d{4}-\d\d-\d\dT/);
});

// ---- Summary ----

function summaryOf(lessons, exercises, book) {
  const summary = store.summarise(book || makeBook(), progressWith(lessons, exercises));
  return {
    done: summary.done,
    total: summary.total,
    xp: summary.xp,
    level: summary.level && summary.level.name,
    next: summary.next && summary.next.name,
    xpToNext: summary.xpToNext,
    earned: Object.keys(summary.earned).filter((key) => summary.earned[key]),
  };
}

test("no progress: 0 XP, the first level, 100 XP to the next, nothing earned", () => {
  assert.deepEqual(summaryOf([], []), {
    done: 0, total: 4, xp: 0, level: "Viewer", next: "Storyboard artist", xpToNext: 100, earned: [],
  });
});

test("one lesson is 100 XP, the second level and the first achievement", () => {
  assert.deepEqual(summaryOf(["lessons/03-c"], []), {
    done: 1, total: 4, xp: 100, level: "Storyboard artist", next: "Camera operator", xpToNext: 200,
    earned: ["first-lesson"],
  });
});

test("every exercise of one lesson is 25 XP each and earns 'all exercises of a lesson'", () => {
  assert.deepEqual(summaryOf([], ["lessons/01-a#ex-a1", "lessons/01-a#ex-a2"]), {
    done: 0, total: 4, xp: 50, level: "Viewer", next: "Storyboard artist", xpToNext: 50,
    earned: ["all-exercises-of-a-lesson"],
  });
  // One exercise of each of two lessons is not every exercise of one.
  assert.deepEqual(summaryOf([], ["lessons/01-a#ex-a1"]).earned, []);
  assert.deepEqual(summaryOf([], ["lessons/02-b#ex-b1"]).earned, ["all-exercises-of-a-lesson"]);
});

test("half the book is earned at half the lessons, rounding up for an odd count", () => {
  assert.deepEqual(summaryOf(["lessons/01-a", "lessons/02-b"], []).earned, ["first-lesson", "half-the-book"]);
  const threeLessons = makeBook();
  threeLessons.lessons = threeLessons.lessons.slice(0, 3);
  assert.deepEqual(summaryOf(["lessons/01-a"], [], threeLessons).earned, ["first-lesson"]);
  assert.deepEqual(summaryOf(["lessons/01-a", "lessons/03-c"], [], threeLessons).earned, ["first-lesson", "half-the-book"]);
});

test("levels change exactly at their XP: 275 is still the second level, 300 the third", () => {
  const twoLessonsThreeExercises = summaryOf(
    ["lessons/01-a", "lessons/02-b"], ["lessons/01-a#ex-a1", "lessons/01-a#ex-a2", "lessons/02-b#ex-b1"]);
  assert.deepEqual([twoLessonsThreeExercises.xp, twoLessonsThreeExercises.level, twoLessonsThreeExercises.xpToNext],
    [275, "Storyboard artist", 25]);
  const threeLessons = summaryOf(["lessons/01-a", "lessons/02-b", "lessons/03-c"], []);
  assert.deepEqual([threeLessons.xp, threeLessons.level, threeLessons.next], [300, "Camera operator", "Editor"]);
});

test("the whole book with every exercise: 475 XP and all four achievements", () => {
  assert.deepEqual(
    summaryOf(["lessons/01-a", "lessons/02-b", "lessons/03-c", "lessons/04-d"],
      ["lessons/01-a#ex-a1", "lessons/01-a#ex-a2", "lessons/02-b#ex-b1"]),
    { done: 4, total: 4, xp: 475, level: "Camera operator", next: "Editor", xpToNext: 125,
      earned: ["first-lesson", "all-exercises-of-a-lesson", "half-the-book", "whole-book"] });
});

test("the top level has no next level", () => {
  const tenLessons = makeBook();
  tenLessons.lessons = Array.from({ length: 10 }, (_, i) => ({ page: `lessons/${i}`, exercises: [] }));
  const summary = summaryOf(tenLessons.lessons.map((lesson) => lesson.page), [], tenLessons);
  assert.deepEqual([summary.xp, summary.level, summary.next, summary.xpToNext], [1000, "Director", null, 0]);
});

test("progress for a lesson or exercise no longer in the book does not count", () => {
  const summary = summaryOf(
    ["lessons/99-removed"], ["lessons/99-removed#ex-x", "lessons/01-a#ex-renamed", "lessons/01-a#ex-a1"]);
  assert.deepEqual([summary.done, summary.xp, summary.earned], [0, 25, []]);
});

test("the book's own XP rule is used, and exercises may be given as bare ids", () => {
  const book = makeBook({ xp: { lesson: 10, exercise: 1 } });
  book.lessons[1] = { page: "lessons/02-b", exercises: ["ex-b1"] };
  const summary = summaryOf(["lessons/02-b"], ["lessons/02-b#ex-b1"], book);
  assert.deepEqual([summary.xp, summary.earned], [11, ["first-lesson", "all-exercises-of-a-lesson"]]);
  assert.deepEqual(store.exercisesOf(book.lessons[0]), [
    { id: "ex-a1", name: "Exercise 1.1" }, { id: "ex-a2", name: "Exercise 1.2" }]);
});

test("a summary of malformed progress or a bare book does not throw", () => {
  const summary = store.summarise({}, { lessons: "x" });
  assert.deepEqual([summary.done, summary.total, summary.xp, summary.level, summary.next], [0, 0, 0, null, null]);
  assert.equal(summary.earned["whole-book"], false);
});

// ---- Self-check questions ----

const WHEN = "2024-08-01T10:00:00.000Z";
const LATER = "2024-08-02T10:00:00.000Z";

function checkSummary(progress, book) {
  const summary = store.summarise(book || makeBook(), progress);
  return {
    checks: summary.checks,
    answered: summary.checksAnswered,
    correct: summary.checksCorrect,
    xp: summary.xp,
    earned: Object.keys(summary.earned).filter((key) => summary.earned[key]),
  };
}

test("a check answered wrong keeps its first date, and a right answer later marks it correct", () => {
  const wrong = store.recordCheck(EMPTY, "lessons/01-a", "check-a1", false, WHEN);
  assert.deepEqual(wrong.checks, { "lessons/01-a#check-a1": { answered: WHEN } });
  assert.equal(store.checkResult(wrong, "lessons/01-a", "check-a1"), "answered");
  const right = store.recordCheck(wrong, "lessons/01-a", "check-a1", true, LATER);
  assert.deepEqual(right.checks, { "lessons/01-a#check-a1": { answered: WHEN, correct: LATER } });
  assert.equal(store.checkResult(right, "lessons/01-a", "check-a1"), "correct");
  assert.equal(store.checkResult(right, "lessons/01-a", "check-a2"), null);
  // The progress given is left as it was.
  assert.deepEqual(wrong.checks, { "lessons/01-a#check-a1": { answered: WHEN } });
  assert.deepEqual(EMPTY.checks, {});
});

test("a wrong answer after a right one takes nothing away", () => {
  let progress = store.recordCheck(EMPTY, "lessons/02-b", "check-b1", true, WHEN);
  progress = store.recordCheck(progress, "lessons/02-b", "check-b1", false, LATER);
  assert.deepEqual(progress.checks, { "lessons/02-b#check-b1": { answered: WHEN, correct: WHEN } });
  assert.deepEqual(checkSummary(progress), {
    checks: 3, answered: 1, correct: 1, xp: 10, earned: ["all-checks-of-a-lesson"],
  });
});

test("each check answered correctly earns 10 XP; Sharp eye needs every check of one lesson", () => {
  let progress = store.recordCheck(EMPTY, "lessons/01-a", "check-a1", true, WHEN);
  progress = store.recordCheck(progress, "lessons/01-a", "check-a2", false, WHEN);
  assert.deepEqual(checkSummary(progress), { checks: 3, answered: 2, correct: 1, xp: 10, earned: [] });
  progress = store.recordCheck(progress, "lessons/01-a", "check-a2", true, LATER);
  assert.deepEqual(checkSummary(progress), {
    checks: 3, answered: 2, correct: 2, xp: 20, earned: ["all-checks-of-a-lesson"],
  });
  // Lessons, exercises and checks add up.
  progress = store.setLessonComplete(progress, "lessons/01-a", true, WHEN);
  progress = store.setExerciseAttempted(progress, "lessons/01-a", "ex-a1", true, WHEN);
  assert.equal(checkSummary(progress).xp, 100 + 25 + 20);
});

test("a recorded check is saved, survives a reload and a version-2 progress gains it", () => {
  const version2 = JSON.stringify({ version: 2, lessons: { "lessons/01-a": WHEN }, exercises: {} });
  const storage = memoryStorage({ [KEY]: version2 });
  const book = makeBook();
  assert.deepEqual(store.load(storage, book).checks, {});
  const result = store.update(storage, book, (p) => store.recordCheck(p, "lessons/01-a", "check-a1", true, WHEN));
  assert.equal(result.ok, true);
  assert.deepEqual(stored(storage, KEY), {
    version: 3,
    lessons: { "lessons/01-a": WHEN },
    exercises: {},
    checks: { "lessons/01-a#check-a1": { answered: WHEN, correct: WHEN } },
  });
  assert.equal(store.checkResult(store.load(storage, book), "lessons/01-a", "check-a1"), "correct");
});

test("stored checks of the wrong shape are dropped or repaired on load", () => {
  const storage = memoryStorage({
    [KEY]: JSON.stringify({
      checks: {
        "lessons/01-a#check-a1": "2024-01-01",
        "lessons/01-a#check-a2": { correct: "2024-01-03" },
        "lessons/02-b#check-b1": { answered: "", correct: 5 },
        "lessons/02-b#other": { answered: true, correct: false },
        "": { answered: "x" },
        ["__proto__"]: { answered: "x" },
      },
    }),
  });
  assert.deepEqual(store.load(storage, makeBook()).checks, {
    "lessons/01-a#check-a2": { answered: "2024-01-03", correct: "2024-01-03" },
    "lessons/02-b#other": { answered: true },
  });
  for (const checks of ["x", [1], null, 7]) {
    assert.deepEqual(store.repair({ checks }).checks, {}, JSON.stringify(checks));
  }
});

test("a check no longer in the book does not count, and a failed save keeps the old result", () => {
  const gone = store.recordCheck(EMPTY, "lessons/01-a", "check-removed", true, WHEN);
  assert.deepEqual(checkSummary(gone), { checks: 3, answered: 0, correct: 0, xp: 0, earned: [] });
  const storage = fullStorage({ [KEY]: JSON.stringify(EMPTY) });
  const result = store.update(storage, makeBook(), (p) => store.recordCheck(p, "lessons/01-a", "check-a1", true));
  assert.deepEqual([result.ok, result.reason, result.progress.checks], [false, "quota", {}]);
});

test("the XP per check comes from the book, 10 when the book does not say", () => {
  const progress = store.recordCheck(EMPTY, "lessons/02-b", "check-b1", true, WHEN);
  assert.equal(checkSummary(progress, makeBook({ xp: { lesson: 100, exercise: 25, check: 3 } })).xp, 3);
  assert.equal(checkSummary(progress, makeBook({ xp: undefined })).xp, 10);
  assert.deepEqual(store.xpRule({}), { lesson: 100, exercise: 25, check: 10 });
});

// ---- Loading in a browser ----

test("as a classic browser script it defines window.lessonkitProgressStore", () => {
  const browserWindow = {};
  browserWindow.self = browserWindow;
  vm.runInNewContext(fs.readFileSync(STORE_FILE, "utf8"), browserWindow, { filename: STORE_FILE });
  const loaded = browserWindow.lessonkitProgressStore;
  assert.equal(typeof loaded.summarise, "function");
  assert.deepEqual(Object.keys(loaded).sort(), Object.keys(store).sort());
  assert.equal(loaded.storageKey({ book: "x" }), "lessonkit-progress:x");
});
