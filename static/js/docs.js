/* Swagger UI at /docs: started from the page's data attributes, so the page needs no
   inline script (see templates/flasgger/index.html). */
(function () {
  "use strict";

  window.addEventListener("load", function () {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    var params = {};
    try {
      params = JSON.parse(root.getAttribute("data-ui-params") || "{}");
    } catch (error) {
      params = {};
    }
    var ui = window.SwaggerUIBundle(
      Object.assign(
        {
          url: root.getAttribute("data-spec-url"),
          dom_id: "#swagger-ui",
          validatorUrl: null,
          deepLinking: true,
          presets: [
            window.SwaggerUIBundle.presets.apis,
            window.SwaggerUIStandalonePreset,
          ],
          plugins: [window.SwaggerUIBundle.plugins.DownloadUrl],
        },
        params
      )
    );
    window.ui = ui;
  });
})();
