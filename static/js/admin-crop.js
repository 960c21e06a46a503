// Draw a rendition's crop on the picture (the image library's page): choose which rendition, then drag
// a box over the picture; its percentages go into the "Crop for …" field, which saving applies.
// Progressive enhancement: without it (or from the keyboard) the fields take the four numbers typed.
(function () {
  "use strict";
  function pct(v) { return Math.round(Math.min(1, Math.max(0, v)) * 1000) / 10; }

  function setUp(tool) {
    var img = tool.querySelector("img");
    var box = document.createElement("span");
    box.className = "crop-tool__box";
    box.hidden = true;
    img.parentNode.append(box);
    var target = null;
    var start = null;
    tool.querySelectorAll("button[data-crop]").forEach(function (button) {
      button.addEventListener("click", function () {
        tool.querySelectorAll("button[data-crop]").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
        button.setAttribute("aria-pressed", "true");
        target = document.getElementById("id_crop_" + button.dataset.crop);
        tool.querySelector(".crop-tool__status").textContent = "Drag a box over the picture.";
      });
    });
    function at(event) {
      var r = img.getBoundingClientRect();
      return [(event.clientX - r.left) / r.width, (event.clientY - r.top) / r.height];
    }
    function draw(a, b) {
      var l = Math.min(a[0], b[0]), t = Math.min(a[1], b[1]), rr = Math.max(a[0], b[0]), bb = Math.max(a[1], b[1]);
      box.hidden = false;
      box.style.left = pct(l) + "%";
      box.style.top = pct(t) + "%";
      box.style.width = (pct(rr) - pct(l)) + "%";
      box.style.height = (pct(bb) - pct(t)) + "%";
      return [pct(l), pct(t), pct(rr), pct(bb)];
    }
    img.addEventListener("pointerdown", function (event) {
      if (!target) return;
      event.preventDefault();
      start = at(event);
      img.setPointerCapture(event.pointerId);
    });
    img.addEventListener("pointermove", function (event) { if (start) draw(start, at(event)); });
    img.addEventListener("pointerup", function (event) {
      if (!start) return;
      var values = draw(start, at(event));
      start = null;
      target.value = values.join(", ");
      tool.querySelector(".crop-tool__status").textContent = "Crop set to " + target.value + "; save to make the rendition.";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-crop-tool]").forEach(setUp);
  });
})();
