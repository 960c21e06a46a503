// Heartbeat for "Also open": tells the server this change form is still open
// and shows who else has it open. Progressive enhancement: the list is also
// rendered on load without JavaScript.
(function () {
  "use strict";
  const box = document.querySelector(".workflow-panel__presence[data-presence-url]");
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!box || !box.dataset.presenceUrl || !token) return;

  function render(others) {
    box.textContent = "";
    if (!others.length) return;
    const p = document.createElement("p");
    p.textContent = "Also open: " + others.map((o) => `${o.name} (${o.role}), since ${o.since}`).join("; ");
    box.appendChild(p);
  }

  function beat() {
    fetch(box.dataset.presenceUrl, {
      method: "POST",
      headers: { "X-CSRFToken": token.value },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => data && render(data.others))
      .catch(() => {});
  }

  setInterval(beat, 25000);
})();
