// Suggest existing tags while an editor types in the comma-separated tag
// field. Progressive enhancement: without it the field is a plain text input.
(function () {
  "use strict";
  function setUp(input) {
    var url = input.dataset.suggestionsUrl;
    if (!url) return;
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var parts = input.value.split(",");
        var term = parts.pop().trim();
        var kept = parts.map(function (p) { return p.trim(); }).filter(Boolean);
        if (term.length < 1) { list.replaceChildren(); return; }
        fetch(url + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results
              .filter(function (name) { return kept.indexOf(name) === -1; })
              .map(function (name) {
                var option = document.createElement("option");
                option.value = kept.concat([name]).join(", ");
                option.label = name;
                return option;
              }));
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggestions-url]").forEach(setUp);
  });
})();
