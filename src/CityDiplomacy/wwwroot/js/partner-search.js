// Progressive enhancement of the partner fields: as one types a name, the places it may mean (GET /api/places/resolve)
// fill a <datalist>; choosing one fills the GeoNames id. Without this script, the « Chercher » button does the same.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-resolve-country]");
  Array.prototype.forEach.call(inputs, function (input) {
    var prefix = input.id.replace(/-name$/, "");
    var country = document.getElementById(input.getAttribute("data-resolve-country"));
    var geonameId = document.getElementById(prefix + "-geonameid");
    var status = document.getElementById(prefix + "-recherche");
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var byLabel = {};
    var timer = null;
    var pending = null;

    function say(text) { if (status) status.textContent = text; }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) return;
      var url = "/api/places/resolve?limit=8&q=" + encodeURIComponent(q);
      if (country && /^[A-Za-z]{2}$/.test(country.value.trim())) url += "&country=" + encodeURIComponent(country.value.trim());
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer) return;
          list.textContent = "";
          byLabel = {};
          var places = (answer.candidates || []).filter(function (c) { return c.geonameId; });
          places.forEach(function (c) {
            var label = c.name + (c.admin1Name ? ", " + c.admin1Name : "") + ", " + c.countryCode +
              " — GeoNames " + c.geonameId;
            var option = document.createElement("option");
            option.value = label;
            list.appendChild(option);
            byLabel[label] = c;
          });
          // With a country, the candidates lie in it; « note » says when it has none (other countries are not offered).
          say(places.length === 0 ? answer.note || (document.documentElement.lang === "en" ? "No place found." : "Aucun lieu trouvé.")
            : (document.documentElement.lang === "en" ? places.length + " place(s) suggested." : places.length + " lieu(x) proposé(s)."));
        })
        .catch(function () { /* aborted or offline: the « Chercher » button still works */ });
    }

    input.addEventListener("input", function () {
      var chosen = byLabel[input.value];
      if (chosen) {
        input.value = chosen.name;
        if (country) country.value = chosen.countryCode;
        if (geonameId) geonameId.value = String(chosen.geonameId);
        say((document.documentElement.lang === "en" ? "Chosen: " : "Choisi : ") + chosen.name + ", GeoNames " + chosen.geonameId);
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
  });
})();
