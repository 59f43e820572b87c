/* Reading modes (适老化): large text and high contrast, switched from every page and kept in
   localStorage. Loaded in <head> so a page never flashes in the wrong mode. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "portal-modes";
  var modes = { text: "large", contrast: "high" };
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function apply(state) {
    Object.keys(modes).forEach(function (name) {
      if (state[name]) { root.setAttribute("data-portal-" + name, modes[name]); }
      else { root.removeAttribute("data-portal-" + name); }
    });
    var buttons = document.querySelectorAll("[data-portal-mode]");
    for (var i = 0; i < buttons.length; i++) {
      var on = !!state[buttons[i].getAttribute("data-portal-mode")];
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }
  apply(load());
  document.addEventListener("DOMContentLoaded", function () {
    apply(load());
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-portal-mode]");
      if (!button) { return; }
      var state = load();
      var name = button.getAttribute("data-portal-mode");
      state[name] = !state[name];
      try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
      apply(state);
    });
    /* The copy button beside a department's <iframe> snippet. */
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-portal-copy]");
      if (!button) { return; }
      var source = document.getElementById(button.getAttribute("data-portal-copy"));
      if (!source || !navigator.clipboard) { return; }
      navigator.clipboard.writeText(source.textContent).then(function () {
        var status = document.getElementById(button.getAttribute("data-portal-copy") + "-status");
        if (status) { status.textContent = "已复制"; }
      });
    });
  });
})();
