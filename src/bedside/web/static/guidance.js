// bedside: the guidance page follows your saved country and profession unless the address names others.
"use strict";

(() => {
  const params = new URLSearchParams(window.location.search);
  if (!params.has("country") && !params.has("profession")) {
    const s = bedside.settings();
    if (s.country !== "GB" || s.profession !== "doctor") {
      window.location.replace(`/guidance?country=${encodeURIComponent(s.country)}&profession=${encodeURIComponent(s.profession)}`);
    }
  }
})();
