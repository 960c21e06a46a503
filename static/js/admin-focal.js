// Click a picture to set its focal point. Progressive enhancement: without
// it the focal x/y number fields (Image form) take the values by hand.
(function () {
  "use strict";
  function place(picker, x, y) {
    var marker = picker.querySelector(".focal-picker__marker");
    marker.setAttribute("data-x", x);
    marker.style.left = (x * 100) + "%";
    marker.style.top = (y * 100) + "%";
  }
  function setUp(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    var img = picker.querySelector("img");
    place(picker, parseFloat(picker.dataset.x), parseFloat(picker.dataset.y));
    img.addEventListener("click", function (event) {
      var box = img.getBoundingClientRect();
      var x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
      var y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
      x = Math.round(x * 100) / 100;
      y = Math.round(y * 100) / 100;
      place(picker, x, y);
      var fx = document.querySelector("input[data-focal=x]");
      var fy = document.querySelector("input[data-focal=y]");
      if (fx && fy) { fx.value = x; fy.value = y; }
      var url = picker.dataset.focalUrl;
      if (!url) return;
      var status = picker.parentNode.querySelector(".focal-picker__status");
      var body = new FormData();
      body.append("x", x);
      body.append("y", y);
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(url, { method: "POST", body: body, credentials: "same-origin",
                   headers: { "X-CSRFToken": token ? token.value : "" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
        .then(function () { if (status) status.textContent = "Focal point saved; the crops were made again."; })
        .catch(function () { if (status) status.textContent = "The focal point could not be saved."; });
    });
  }
  window.newsroomFocal = { setUp: setUp };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-picker]").forEach(setUp);
  });
})();
