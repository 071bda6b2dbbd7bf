/* lessonkit: the reader's progress, kept in this browser's localStorage only.
   The book's lessons, XP rule, levels, achievements and text come from
   lessonkit-book.js, which the build writes; nothing here names a lesson. */
(function () {
  "use strict";

  var book = window.lessonkitBook;
  var script = document.currentScript;
  if (!book || !script) return;
  var page = script.getAttribute("data-lessonkit-page");
  var STORAGE_KEY = "stream-progress-v1";
  var text = book.strings;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  /* Storage may be missing or blocked (private mode, file:// in some browsers). */
  var storage = (function () {
    try {
      var probe = "stream-progress-probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  })();

  function load() {
    var empty = { lessons: {}, exercises: {} };
    if (!storage) return empty;
    try {
      var state = JSON.parse(storage.getItem(STORAGE_KEY) || "null");
      if (!state || typeof state !== "object") return empty;
      return { lessons: state.lessons || {}, exercises: state.exercises || {} };
    } catch (error) {
      return empty;
    }
  }

  function save(state) {
    if (storage) storage.setItem(STORAGE_KEY, JSON.stringify(state));
  }

  function exerciseKey(lessonPage, id) {
    return lessonPage + "#" + id;
  }

  /* Only what belongs to the book as built counts: a renamed lesson drops out. */
  function summarise(state) {
    var done = 0;
    var attempted = 0;
    var lessonsWithAllExercises = 0;
    book.lessons.forEach(function (lesson) {
      if (state.lessons[lesson.page]) done += 1;
      var mine = lesson.exercises.filter(function (id) {
        return state.exercises[exerciseKey(lesson.page, id)];
      }).length;
      attempted += mine;
      if (lesson.exercises.length && mine === lesson.exercises.length) {
        lessonsWithAllExercises += 1;
      }
    });
    var xp = done * book.xp.lesson + attempted * book.xp.exercise;
    var level = book.levels[0];
    var next = null;
    book.levels.forEach(function (candidate) {
      if (xp >= candidate.xp) level = candidate;
      else if (!next) next = candidate;
    });
    var total = book.lessons.length;
    var earned = {
      "first-lesson": done >= 1,
      "all-exercises-of-a-lesson": lessonsWithAllExercises >= 1,
      "half-the-book": total > 0 && done * 2 >= total,
      "whole-book": total > 0 && done === total,
    };
    return { done: done, total: total, xp: xp, level: level, next: next, earned: earned };
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  /* One polite live region per page, so screen readers hear what a click did. */
  var announcer = element("p", "lessonkit-visually-hidden");
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  document.body.appendChild(announcer);
  function announce(message) {
    announcer.textContent = message;
  }

  function renderSummary(container) {
    var state = load();
    var summary = summarise(state);
    container.textContent = "";
    var facts = element("ul", "lessonkit-progress-facts");
    facts.appendChild(
      element("li", "lessonkit-progress-lessons",
        format(text.lessonsDone, { done: summary.done, total: summary.total }))
    );
    facts.appendChild(element("li", "lessonkit-progress-xp", format(text.xp, { xp: summary.xp })));
    facts.appendChild(
      element("li", "lessonkit-progress-level", format(text.level, { level: summary.level.name }))
    );
    if (summary.next) {
      facts.appendChild(
        element("li", "lessonkit-progress-next",
          format(text.nextLevel, { xp: summary.next.xp - summary.xp, level: summary.next.name }))
      );
    }
    container.appendChild(facts);

    var root = document.documentElement.getAttribute("data-content_root") || "";
    if (container.getAttribute("data-variant") === "compact" && book.progressPage) {
      var more = element("a", "lessonkit-progress-link", text.progressPage);
      more.href = root + book.progressPage + ".html";
      container.appendChild(more);
    }

    if (container.getAttribute("data-variant") === "full") {
      container.appendChild(element("h2", "lessonkit-progress-heading", text.achievements));
      var list = element("ul", "lessonkit-achievements");
      book.achievements.forEach(function (achievement) {
        var earned = summary.earned[achievement.key];
        var item = element("li", earned ? "lessonkit-achievement earned" : "lessonkit-achievement");
        item.appendChild(element("strong", null, achievement.name));
        item.appendChild(document.createTextNode(" (" + (earned ? text.earned : text.notYet) + "): "));
        item.appendChild(document.createTextNode(achievement.how));
        list.appendChild(item);
      });
      container.appendChild(list);
      container.appendChild(element("p", "lessonkit-progress-rule", text.xpRule));
      var reset = element("button", "lessonkit-progress-reset", text.reset);
      reset.type = "button";
      reset.addEventListener("click", function () {
        if (!window.confirm(text.resetConfirm)) return;
        if (storage) storage.removeItem(STORAGE_KEY);
        refresh();
        announce(text.resetDone);
      });
      container.appendChild(reset);
    }
    var privacy = element("p", "lessonkit-progress-privacy", storage ? text.privacy : text.unavailable);
    container.appendChild(privacy);
    container.hidden = false;
  }

  function toggleButton(button, pressed, onLabel, offLabel) {
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.textContent = pressed ? onLabel : offLabel;
  }

  var refreshers = [];
  function refresh() {
    refreshers.forEach(function (update) { update(); });
  }

  function lessonControls(lesson, article) {
    var section = element("section", "lessonkit-lesson-progress");
    section.setAttribute("aria-label", text.progressPage);
    var button = element("button", "lessonkit-complete-button");
    button.type = "button";
    var note = element("p", "lessonkit-progress-privacy", storage ? text.privacy : text.unavailable);
    button.disabled = !storage;
    section.appendChild(button);
    section.appendChild(note);
    function update() {
      toggleButton(button, !!load().lessons[lesson.page], text.completed + " (" + text.undo + ")", text.markComplete);
    }
    button.addEventListener("click", function () {
      var state = load();
      if (state.lessons[lesson.page]) delete state.lessons[lesson.page];
      else state.lessons[lesson.page] = new Date().toISOString();
      save(state);
      refresh();
      announce(button.textContent);
    });
    refreshers.push(update);
    article.appendChild(section);

    lesson.exercises.forEach(function (id) {
      var box = document.getElementById(id);
      if (!box) return;
      var key = exerciseKey(lesson.page, id);
      var attempt = element("button", "lessonkit-attempt-button");
      attempt.type = "button";
      attempt.disabled = !storage;
      function updateAttempt() {
        toggleButton(attempt, !!load().exercises[key], text.attempted + " (" + text.undo + ")", text.markAttempted);
      }
      attempt.addEventListener("click", function () {
        var state = load();
        if (state.exercises[key]) delete state.exercises[key];
        else state.exercises[key] = new Date().toISOString();
        save(state);
        refresh();
        announce(attempt.textContent);
      });
      refreshers.push(updateAttempt);
      box.appendChild(attempt);
    });
  }

  function start() {
    var lesson = book.lessons.filter(function (candidate) { return candidate.page === page; })[0];
    var article = document.querySelector("article.bd-article") || document.querySelector("[role='main']");
    if (lesson && article) lessonControls(lesson, article);
    Array.prototype.forEach.call(document.querySelectorAll(".lessonkit-progress-summary"), function (box) {
      refreshers.push(function () { renderSummary(box); });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".lessonkit-progress-noscript"), function (note) {
      note.hidden = true;
    });
    refresh();
    /* Another tab changed the progress: show the same numbers here. */
    window.addEventListener("storage", function (event) {
      if (event.key === STORAGE_KEY || event.key === null) refresh();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
