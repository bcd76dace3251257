// Fills the "your time" column from the browser's own time zone (Intl API). The page works without
// it: readers can also choose a zone with the form, which the server then renders.
(function () {
  "use strict";
  var cells = document.querySelectorAll("td.yours[data-start]");
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!cells.length || !zone) {
    return;
  }
  var main = document.getElementById("main");
  var lang = document.documentElement.lang || "en";
  var time = new Intl.DateTimeFormat(lang, { timeStyle: "short", timeZone: zone });
  var isoDay = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone });
  var dayMonth = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", timeZone: zone });
  var offset = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" });

  function daysBetween(from, to) {
    return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86400000);
  }

  // Browsers write a plain space where the languages' own data (CLDR) has a narrow no-break space,
  // as in "2:00 AM"; the server's times keep it, and so do the script's.
  function clock(date) {
    return time.format(date).replace(/ /g, "\u202f");
  }

  function offsetLabel(date) {
    var part = offset.formatToParts(date).filter(function (p) { return p.type === "timeZoneName"; })[0];
    var label = part ? part.value.replace("GMT", "UTC") : "UTC";
    return /^UTC[+-]0?0?$/.test(label) ? "UTC" : label;
  }

  function shiftLabel(days) {
    if (days === 1) { return main.dataset.plusOne; }
    if (days === -1) { return main.dataset.minusOne; }
    return (days > 0 ? "+" : "") + days;
  }

  function small(text, className) {
    var element = document.createElement("small");
    element.textContent = text;
    if (className) { element.className = className; }
    return element;
  }

  document.querySelectorAll(".yours-zone").forEach(function (element) {
    element.textContent = zone;
  });
  // The same rule as the server's time cells: "16:00–17:30", a spaced dash when the times have
  // spaces of their own, "(+1 day)" after an end on the next date, and the local date with its mark
  // when the start is not on the session's day.
  cells.forEach(function (cell) {
    var start = new Date(cell.dataset.start);
    var end = new Date(cell.dataset.end);
    var startDay = isoDay.format(start);
    var from = clock(start);
    var to = clock(end);
    var range = /\s/.test(from + to) ? from + " – " + to : from + "–" + to;
    var endShift = daysBetween(startDay, isoDay.format(end));
    if (endShift !== 0) { range += " (" + shiftLabel(endShift) + ")"; }
    // The cell's label ("Your time", shown on narrow screens) stays; the rest is replaced.
    var label = cell.querySelector(".line-label");
    cell.textContent = range;
    if (label) { cell.prepend(label); }
    cell.appendChild(small(offsetLabel(start)));
    var shift = daysBetween(cell.dataset.hostDate, startDay);
    if (shift !== 0) {
      cell.appendChild(small(dayMonth.format(start) + " (" + shiftLabel(shift) + ")", "shift"));
    }
    cell.dataset.zone = zone;
  });
})();

// The registration form's time zone starts as the browser's own, when the person has not typed one.
(function () {
  "use strict";
  var field = document.querySelector("form.registration input[name=zone]");
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (field && zone && !field.value) {
    field.value = zone;
  }
})();

// Seats change every second; the page is the same for everyone. Where a page names a session or the
// event's registration, its current state comes from the small seats endpoint.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-seats]");
  if (!boxes.length || !window.fetch) {
    return;
  }
  fetch(boxes[0].getAttribute("data-seats"), { credentials: "omit" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (seats) {
      if (!seats) {
        return;
      }
      boxes.forEach(function (box) {
        var target = box.getAttribute("data-target");
        var state = box.querySelector(".seats-state");
        if (target && state) {
          seats.targets.forEach(function (t) {
            if (t.target === target) {
              state.textContent = t.label;
              box.setAttribute("data-state", t.state);
            }
          });
        }
        var open = box.querySelector(".seats-open");
        if (open) {
          box.setAttribute("data-state", seats.open ? "open" : "closed");
        }
      });
    })
    .catch(function () {});
})();

// A participant signed in on this event sees, on an online session's page, their own way in: the
// page is the same for everyone (and cached), so their personal link comes from their own, private
// endpoint. Nobody else's page changes.
(function () {
  "use strict";
  var box = document.querySelector("[data-joins]");
  if (!box || !window.fetch) {
    return;
  }
  fetch(box.getAttribute("data-joins"), { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (mine) {
      var target = box.getAttribute("data-target");
      var join = mine && mine.joins.filter(function (j) { return j.target === target; })[0];
      if (!join) {
        return;
      }
      if (join.open) {
        var link = document.createElement("a");
        link.className = "button";
        link.href = join.url;
        link.rel = "noreferrer";
        link.textContent = join.label;
        box.appendChild(link);
      } else {
        box.textContent = join.label;
      }
      box.hidden = false;
    })
    .catch(function () {});
})();
