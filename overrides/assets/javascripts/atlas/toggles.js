/* The drawer and search toggles start closed (overrides/base.html). Material marks them
   autocomplete="off" so that a browser restoring form state does not reopen them, but HTML
   allows that attribute only on text-like inputs; this does the same without it, right after
   the two checkboxes are parsed, and again when a page comes back from the back/forward cache. */
(function () {
  "use strict";
  function close() {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  }
  close();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) close();
  });
})();
