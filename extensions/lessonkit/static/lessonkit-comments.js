/* lessonkit: opt-in comments. The page contacts giscus.app only after the reader
   presses "Load comments"; until then no request leaves the page.

   The HTML (feedback.py): <section class="lessonkit-comments" hidden
   aria-labelledby="…title"> with its heading, a notice, <button
   class="lessonkit-comments-load" data-…> (every data- attribute is handed to
   giscus) and <div class="giscus">. An optional data-lessonkit-loading-message on
   the section is what is announced while the comments load (English otherwise). */
(function () {
  "use strict";

  var LOADING_MESSAGE = "Loading comments from giscus.app…";

  /* Where keyboard focus goes once the button is gone: the section's heading, so
     the reader stays at the comments instead of being sent back to the top. */
  function focusTarget(section) {
    var labelledBy = section.getAttribute("aria-labelledby");
    var target = (labelledBy && document.getElementById(labelledBy)) ||
      section.querySelector("h2, h3, h4") || section;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    return target;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".lessonkit-comments"), function (section) {
      var button = section.querySelector(".lessonkit-comments-load");
      if (!button) return;
      // In the page before it is needed, so screen readers pick up what it says.
      var status = document.createElement("p");
      status.className = "lessonkit-visually-hidden";
      status.setAttribute("role", "status");
      section.appendChild(status);
      section.hidden = false;

      button.addEventListener("click", function () {
        var script = document.createElement("script");
        script.src = "https://giscus.app/client.js";
        script.async = true;
        script.crossOrigin = "anonymous";
        Array.prototype.forEach.call(button.attributes, function (attribute) {
          if (attribute.name.indexOf("data-") === 0) {
            script.setAttribute("data-" + attribute.name.slice(5), attribute.value);
          }
        });
        section.appendChild(script);
        // Focus moves before the button goes, so it never falls back to <body>.
        focusTarget(section).focus();
        button.remove();
        status.textContent = section.getAttribute("data-lessonkit-loading-message") || LOADING_MESSAGE;
      }, { once: true });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
