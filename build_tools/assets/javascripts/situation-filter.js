/* The "Wat speelt er?" page: narrows the situations to those with every typed word (accents
   and case ignored) and hides groups left empty. Without script, the whole list stays. */
(function () {
  "use strict";
  var box = document.querySelector("[data-gk-finder]");
  if (!box) { return; }
  var input = box.querySelector("input");
  var empty = document.querySelector(".gk-finder__empty");
  var groups = Array.prototype.slice.call(document.querySelectorAll(".gk-finder__group"));
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  box.hidden = false;
  input.addEventListener("input", function () {
    var words = plain(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    groups.forEach(function (group) {
      var heading = plain(group.querySelector("h2").textContent);
      var visible = 0;
      group.querySelectorAll("li").forEach(function (item) {
        var text = heading + " " + plain(item.textContent);
        var match = words.every(function (word) { return text.indexOf(word) >= 0; });
        item.hidden = !match;
        if (match) { visible += 1; }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    empty.hidden = shown > 0;
  });
})();
