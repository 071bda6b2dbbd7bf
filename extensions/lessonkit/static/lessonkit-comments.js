/* lessonkit: opt-in comments. The page contacts giscus.app only after the reader
   presses "Load comments"; until then no request leaves the page. */
(function () {
  "use strict";
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".lessonkit-comments"), function (section) {
      var button = section.querySelector(".lessonkit-comments-load");
      if (!button) return;
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
        button.remove();
      }, { once: true });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
