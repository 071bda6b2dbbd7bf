/* lessonkit: self-check questions, answered in place. A right answer earns XP in
   the reader's progress (lessonkit-progress-store.js), kept in this browser only.

   Contract with the build's HTML (self_check.py writes the other side):

   Scripts, in this order, deferred: _static/lessonkit-book.js (window.lessonkitBook,
   see lessonkit-progress.js), _static/lessonkit-progress-store.js, then this file.
   Without the book data or the store, questions still check; nothing is kept.

   Each question:
   <div class="self-check" id="ID" data-lessonkit-check="ID" data-lessonkit-page="lessons/01-x"
        data-kind="single|multiple|numeric|open"
        data-answer="248832000" data-tolerance="2488320">      (numeric only; absolute)
     <fieldset class="self-check-question"><legend>…</legend>
       single/multiple: <input type="radio|checkbox" class="self-check-input" value="a"> + <label>
       numeric: <input class="self-check-value">
     </fieldset>
     <div class="self-check-controls" hidden>             shown here
       <button class="self-check-button">Check</button><p class="self-check-status"></p>
     </div>
     <div class="self-check-feedback" aria-live="polite"></div>
     <details class="self-check-key">                     the answer, for readers without
       <div class="self-check-key-item" data-choice="a" data-correct="true|false">
         <p class="self-check-choice-text">…</p><div class="self-check-explanation" data-choice="a">…</div>
       </div>                                             (numeric: one explanation, data-choice="answer")
     </details>
   </div>
   The page's lesson counts a question only if book.lessons[page].checks lists its id.
   A saved answer is announced to other scripts of the page with the window event
   "lessonkit:progress" (lessonkit-progress.js redraws its summaries). */
(function () {
  "use strict";

  var book = window.lessonkitBook || null;
  var store = window.lessonkitProgressStore || null;

  /* English until the build supplies a translation (progress.py, book_data). */
  var FALLBACK_STRINGS = {
    checkRight: "Correct.",
    checkWrong: "Not quite.",
    checkTryAgain: "Try again, or open the answer below.",
    checkMissing: "Every choice you picked is right, but there is more than one right choice.",
    checkChooseFirst: "Choose an answer first.",
    checkEnterNumber: "Enter a number, such as 1920 or 0.5.",
    checkTooHigh: "{value} is too high.",
    checkTooLow: "{value} is too low.",
    checkXp: "+{xp} XP",
    checkDoneRight: "You have answered this question correctly.",
    checkDoneTried: "You have tried this question.",
    saveFailed: "Your progress could not be saved in this browser.",
  };
  var strings = (book && book.strings) || {};

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

  function each(root, selector, callback) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), callback);
  }

  var storage = store ? store.browserStorage(window) : null;
  var checksByPage = Object.create(null);
  (book && Array.isArray(book.lessons) ? book.lessons : []).forEach(function (lesson) {
    if (!lesson || typeof lesson.page !== "string" || !store) return;
    var ids = Object.create(null);
    store.checksOf(lesson).forEach(function (check) { ids[check.id] = true; });
    checksByPage[lesson.page] = ids;
  });

  /* The reader's number: "248,832,000", "248 832 000", "0.6", "0,6", "−3", "2.5e8". */
  function parseNumber(raw) {
    var text = String(raw).trim().replace(/[\s\u00a0\u2009\u202f']/g, "").replace(/^\u2212/, "-");
    if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
    else if (/^[+-]?\d*,\d+$/.test(text)) text = text.replace(",", ".");
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
    var value = Number(text);
    return isFinite(value) ? value : null;
  }

  /* A copy of an explanation for the feedback, without ids (the page keeps its own). */
  function explanationCopy(question, key, label) {
    var source = question.querySelector('.self-check-key .self-check-explanation[data-choice="' + key + '"]');
    var copy = element("div", "self-check-feedback-explanation");
    if (!source) return copy;
    Array.prototype.forEach.call(source.childNodes, function (child) {
      copy.appendChild(child.cloneNode(true));
    });
    each(copy, "[id]", function (node) { node.removeAttribute("id"); });
    if (label) {
      var first = copy.firstElementChild;
      // "24: why", but "A sentence. Why", without a colon after it.
      var lead = element("strong", null, label + (/[.?!…:]$/.test(label) ? " " : ": "));
      if (first && first.tagName === "P") first.insertBefore(lead, first.firstChild);
      else copy.insertBefore(lead, copy.firstChild);
    }
    return copy;
  }

  function choiceLabel(question, key) {
    var input = question.querySelector('.self-check-input[value="' + key + '"]');
    var label = input && input.id ? question.querySelector('label[for="' + input.id + '"]') : null;
    return label ? label.textContent.trim() : key;
  }

  /* What the reader answered: {empty, right, explain: [[key, label]], note}. */
  function judge(question) {
    var kind = question.getAttribute("data-kind");
    if (kind === "numeric") {
      var field = question.querySelector(".self-check-value");
      var value = field ? parseNumber(field.value) : null;
      if (value === null) return { empty: true, message: string("checkEnterNumber") };
      var answer = Number(question.getAttribute("data-answer"));
      var tolerance = Number(question.getAttribute("data-tolerance")) || 0;
      if (!isFinite(answer)) return { right: false, explain: [], note: "" };
      var slack = tolerance + 1e-9 * Math.max(1, Math.abs(answer));
      if (Math.abs(value - answer) <= slack) return { right: true, explain: [["answer", ""]] };
      var shown = field.value.trim();
      return {
        right: false,
        explain: [],
        note: format(string(value > answer ? "checkTooHigh" : "checkTooLow"), { value: shown }),
      };
    }
    var chosen = [];
    each(question, ".self-check-input", function (input) { if (input.checked) chosen.push(input.value); });
    if (!chosen.length) return { empty: true, message: string("checkChooseFirst") };
    var correct = [];
    each(question, ".self-check-key-item", function (item) {
      if (item.getAttribute("data-correct") === "true") correct.push(item.getAttribute("data-choice"));
    });
    var wrongPicks = chosen.filter(function (key) { return correct.indexOf(key) === -1; });
    var missed = correct.filter(function (key) { return chosen.indexOf(key) === -1; });
    var several = kind === "multiple";
    function labelled(key) { return [key, several ? choiceLabel(question, key) : ""]; }
    if (correct.length && !wrongPicks.length && !missed.length) {
      return { right: true, explain: chosen.map(labelled) };
    }
    if (wrongPicks.length) return { right: false, explain: wrongPicks.map(labelled), note: "" };
    return { right: false, explain: [], note: string("checkMissing") };
  }

  /* Keeps the answer in the reader's progress; returns {xp, failed}. */
  function record(question, right) {
    var page = question.getAttribute("data-lessonkit-page");
    var id = question.getAttribute("data-lessonkit-check");
    if (!store || !book || !checksByPage[page] || !checksByPage[page][id]) return { xp: 0, failed: false };
    var before = store.checkResult(store.load(storage, book), page, id);
    var result = store.update(storage, book, function (progress) {
      return store.recordCheck(progress, page, id, right);
    });
    if (result.ok) window.dispatchEvent(new CustomEvent("lessonkit:progress"));
    var earned = result.ok && right && before !== "correct" ? store.xpRule(book).check : 0;
    return { xp: earned, failed: !result.ok };
  }

  function showStatus(question) {
    var status = question.querySelector(".self-check-status");
    if (!status || !store || !book) return;
    var result = store.checkResult(store.load(storage, book),
      question.getAttribute("data-lessonkit-page"), question.getAttribute("data-lessonkit-check"));
    status.textContent = result === "correct" ? string("checkDoneRight") : result ? string("checkDoneTried") : "";
    question.classList.toggle("self-check-done", result === "correct");
  }

  function check(question) {
    var feedback = question.querySelector(".self-check-feedback");
    var verdict = judge(question);
    var lead = element("p", "self-check-verdict-line");
    question.classList.remove("self-check-right", "self-check-wrong");
    feedback.textContent = "";
    if (verdict.empty) {
      lead.textContent = verdict.message;
      feedback.appendChild(lead);
      return;
    }
    var saved = record(question, verdict.right);
    question.classList.add(verdict.right ? "self-check-right" : "self-check-wrong");
    lead.appendChild(element("strong", null, string(verdict.right ? "checkRight" : "checkWrong")));
    if (verdict.note) lead.appendChild(document.createTextNode(" " + verdict.note));
    if (saved.xp) lead.appendChild(element("span", "self-check-xp", " " + format(string("checkXp"), { xp: saved.xp })));
    feedback.appendChild(lead);
    verdict.explain.forEach(function (pair) {
      feedback.appendChild(explanationCopy(question, pair[0], pair[1]));
    });
    if (!verdict.right) feedback.appendChild(element("p", "self-check-again", string("checkTryAgain")));
    if (saved.failed) feedback.appendChild(element("p", "lessonkit-progress-message", string("saveFailed")));
    // The feedback says it now; the remembered result is for the next visit.
    showStatus(question);
    var status = question.querySelector(".self-check-status");
    if (status) status.textContent = "";
  }

  function start() {
    each(document, ".self-check[data-lessonkit-check]", function (question) {
      var controls = question.querySelector(".self-check-controls");
      var button = question.querySelector(".self-check-button");
      var kind = question.getAttribute("data-kind");
      // A question the build warned about, with nothing to check against.
      if (!controls || !button || kind === "open") return;
      if (kind === "numeric" && !question.hasAttribute("data-answer")) return;
      button.addEventListener("click", function () { check(question); });
      // Enter in a field or on a choice checks, as it would submit a form.
      var fieldset = question.querySelector(".self-check-question");
      if (fieldset) {
        fieldset.addEventListener("keydown", function (event) {
          if (event.key === "Enter" && event.target && event.target.tagName === "INPUT") {
            event.preventDefault();
            check(question);
          }
        });
      }
      controls.hidden = false;
      showStatus(question);
    });
    /* Another tab answered or reset: show the same here. */
    window.addEventListener("storage", function () {
      each(document, ".self-check[data-lessonkit-check]", showStatus);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
