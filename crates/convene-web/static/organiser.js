// The organiser area's script. Every page works without it: the session form posts a suggestion
// and comes back with it filled in, and the timetable is a picture whose sessions lead to their
// forms.

// The session form: the times in every zone, the session's length and the times that suit every
// zone follow the date and times as they are typed; a suggestion fills in the start and end.
(function () {
  "use strict";
  var form = document.querySelector("form.session-form[data-preview]");
  if (!form) {
    return;
  }
  var lang = document.documentElement.lang || "en";
  var preview = form.querySelector(".preview-times");
  var slots = form.querySelector(".slots-body");
  var duration = form.querySelector(".duration");
  var status = form.querySelector(".slot-status");
  var find = form.querySelector(".slots-find");
  var pending = {};
  var timer = null;
  if (find) {
    find.hidden = true;
  }

  function value(name) {
    var field = form.elements[name];
    if (!field) {
      return "";
    }
    if (field.type === "checkbox") {
      return field.checked ? "yes" : "";
    }
    return field.value;
  }

  // Fetches `url` with the fields `names` and hands the answer's body to `show`; only the answer to
  // the latest values is shown.
  function load(key, url, names, show) {
    if (pending[key]) {
      pending[key].abort();
    }
    var controller = new AbortController();
    pending[key] = controller;
    var query = new URLSearchParams();
    names.forEach(function (name) { query.set(name, value(name)); });
    query.set("lang", lang);
    fetch(url + "?" + query.toString(), { credentials: "same-origin", signal: controller.signal })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { show(new DOMParser().parseFromString(html, "text/html").body); })
      .catch(function () {});
  }

  function refresh() {
    load("preview", form.dataset.preview, ["date", "start", "end", "end_next_day"], function (body) {
      preview.replaceChildren.apply(preview, Array.prototype.slice.call(body.childNodes));
    });
    if (!slots || !form.dataset.suggestions) {
      return;
    }
    var names = ["id", "format", "venue", "date", "start", "end", "end_next_day"];
    load("slots", form.dataset.suggestions, names, function (body) {
      var length = body.querySelector(".duration");
      if (duration) {
        duration.textContent = length ? length.textContent : "";
      }
      if (length) {
        length.remove();
      }
      slots.replaceChildren.apply(slots, Array.prototype.slice.call(body.childNodes));
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  ["date", "start", "end"].forEach(function (name) {
    var field = form.elements[name];
    if (field) {
      field.addEventListener("input", later);
    }
  });
  ["end_next_day", "format", "venue", "tbc"].forEach(function (name) {
    var field = form.elements[name];
    if (field) {
      field.addEventListener("change", later);
    }
  });

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // A suggestion fills in the start and the end, keeping the session's length, and says so; the
  // form is saved only when the organiser saves it.
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name='use_slot']");
    var table = button && button.closest("[data-minutes]");
    var minutes = table ? parseInt(table.dataset.minutes, 10) : 0;
    if (!button || !minutes) {
      return;
    }
    event.preventDefault();
    var parts = button.value.split(":");
    var end = parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10) + minutes;
    form.elements.start.value = button.value;
    form.elements.end.value = twoDigits(Math.floor(end / 60) % 24) + ":" + twoDigits(end % 60);
    if (form.elements.end_next_day) {
      form.elements.end_next_day.checked = end >= 24 * 60;
    }
    if (form.elements.tbc) {
      form.elements.tbc.checked = false;
    }
    var cell = button.closest("tr").cells[0];
    var range = cell && cell.firstChild ? cell.firstChild.textContent : button.value;
    if (status && form.dataset.slotUsed) {
      status.textContent = form.dataset.slotUsed.replace("{range}", range);
    }
    form.elements.start.focus();
    refresh();
  });
})();

// The timetable: an editor moves a session by dragging its block or with the keyboard (arrow keys:
// 15 minutes, or the next venue; Enter saves, Escape cancels), sees its times in every zone while
// it moves, and saves the move with the checks of the session form.
(function () {
  "use strict";
  var grid = document.querySelector(".tt-grid");
  var form = document.querySelector("form.tt-move-form");
  if (!grid || !form) {
    return;
  }
  document.querySelector(".tt-move").hidden = false;
  form.hidden = false;
  var live = form.querySelector(".tt-live");
  var error = form.querySelector(".tt-error");
  var said = form.dataset;
  var noneText = live.textContent;
  var main = document.getElementById("main");
  var lang = document.documentElement.lang || "en";
  var from = parseInt(grid.dataset.from, 10);
  var to = parseInt(grid.dataset.to, 10);
  var scale = parseFloat(grid.dataset.scale);
  var open = parseInt(grid.dataset.open, 10);
  var close = parseInt(grid.dataset.close, 10);
  var wake = parseInt(grid.dataset.wake, 10);
  var sleep = parseInt(grid.dataset.sleep, 10);
  var step = 15;
  var venues = Array.prototype.slice.call(grid.querySelectorAll(".tt-venue"));
  var clocks = Array.prototype.slice.call(grid.querySelectorAll(".tt-clock")).map(function (column) {
    return { zone: column.dataset.zone, label: column.dataset.label };
  });
  var formats = {};
  // The block being moved: where it was, and where it is now.
  var moving = null;
  var drag = null;
  var swallowClick = false;

  function format(zone) {
    if (!formats[zone]) {
      formats[zone] = {
        time: new Intl.DateTimeFormat(lang, { timeStyle: "short", timeZone: zone }),
        clock: new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }),
        day: new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone })
      };
    }
    return formats[zone];
  }

  // "16:00–17:30", a spaced dash when the times have spaces, "(+1 day)" after an end on the next
  // date: the rule of the server's time ranges.
  function range(zone, start, end) {
    var f = format(zone);
    var a = f.time.format(start).replace(/ /g, "\u202f");
    var b = f.time.format(end).replace(/ /g, "\u202f");
    var text = /\s/.test(a + b) ? a + " – " + b : a + "–" + b;
    if (f.day.format(start) !== f.day.format(end)) {
      text += " (" + main.dataset.plusOne + ")";
    }
    return text;
  }

  function minuteOfDay(zone, date) {
    var parts = format(zone).clock.format(date).split(":");
    return parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
  }

  function length(block) {
    return parseInt(block.dataset.to, 10) - parseInt(block.dataset.from, 10);
  }

  function instants(block, minute) {
    var start = new Date(Date.parse(block.dataset.start) + (minute - parseInt(block.dataset.from, 10)) * 60000);
    return [start, new Date(start.getTime() + length(block) * 60000)];
  }

  function zonesOf(block) {
    return block.dataset.zones.split(" ").filter(Boolean).map(function (i) { return clocks[parseInt(i, 10)]; });
  }

  // What speaks against the block where it is now: the sessions of its venue it overlaps, and the
  // zones whose people it finds outside their hours.
  function warnings(block, minute, venue) {
    var out = [];
    var end = minute + length(block);
    venues[venue].querySelectorAll(".tt-block").forEach(function (other) {
      if (other === block) {
        return;
      }
      var a = parseInt(other.dataset.from, 10);
      var b = parseInt(other.dataset.to, 10);
      if (minute < b && a < end) {
        out.push(said.overlaps.replace("{session}", other.dataset.title));
      }
    });
    var times = instants(block, minute);
    zonesOf(block).forEach(function (clock) {
      var start = minuteOfDay(clock.zone, times[0]);
      var stop = start + length(block);
      if (start < open || stop > close) {
        var night = start < wake || stop > sleep;
        out.push((night ? said.night : said.off).replace("{zone}", clock.label)
          .replace("{range}", range(clock.zone, times[0], times[1])));
      }
    });
    return out;
  }

  function describe() {
    if (!moving) {
      live.textContent = noneText;
      return;
    }
    var block = moving.block;
    var times = instants(block, moving.minute);
    var parts = zonesOf(block).map(function (clock) {
      return clock.label + " " + range(clock.zone, times[0], times[1]);
    });
    var text = said.moving.replace("{session}", block.dataset.title) + " — " +
      venues[moving.venue].dataset.label + " — " + parts.join(" · ");
    var against = warnings(block, moving.minute, moving.venue);
    if (against.length) {
      text += " — ⚠ " + against.join(" ; ");
    }
    live.textContent = text;
    block.querySelector(".tt-time").textContent = range(grid.dataset.host, times[0], times[1]);
  }

  function buttons() {
    var changed = moving && (moving.minute !== moving.was || moving.venue !== moving.wasVenue);
    form.querySelectorAll("button").forEach(function (button) {
      if (button.type === "submit" || button.hasAttribute("data-cancel")) {
        button.disabled = !changed;
      } else {
        button.disabled = !moving;
      }
    });
  }

  function place(block, minute, venue) {
    var y = String((minute - from) * scale);
    block.querySelectorAll("rect, foreignObject").forEach(function (shape) {
      shape.setAttribute("y", y);
    });
    var svg = venues[venue].querySelector("svg");
    if (block.parentNode !== svg) {
      var focused = document.activeElement === block;
      svg.appendChild(block);
      if (focused) {
        block.focus();
      }
    }
  }

  function select(block) {
    if (moving && moving.block === block) {
      return;
    }
    if (moving) {
      cancel();
    }
    var venue = venues.indexOf(block.closest(".tt-venue"));
    var minute = parseInt(block.dataset.from, 10);
    // Drawn last, over the blocks it passes.
    if (block.nextElementSibling) {
      var focused = document.activeElement === block;
      block.parentNode.appendChild(block);
      if (focused) {
        block.focus();
      }
    }
    moving = { block: block, was: minute, wasVenue: venue, minute: minute, venue: venue, time: block.querySelector(".tt-time").textContent };
    block.classList.add("moving");
    error.textContent = "";
    describe();
    buttons();
  }

  function moveTo(minute, venue) {
    if (!moving) {
      return;
    }
    var latest = Math.max(from, to - length(moving.block));
    moving.minute = Math.min(Math.max(minute, from), latest);
    moving.venue = Math.min(Math.max(venue, 0), venues.length - 1);
    place(moving.block, moving.minute, moving.venue);
    describe();
    buttons();
  }

  function cancel() {
    if (!moving) {
      return;
    }
    var block = moving.block;
    place(block, moving.was, moving.wasVenue);
    block.querySelector(".tt-time").textContent = moving.time;
    block.classList.remove("moving");
    moving = null;
    describe();
    buttons();
  }

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // The server answers a refused move with its error page: its messages are what to show.
  function messagesOf(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var items = page.querySelectorAll("main > ul > li, main > h1 + p");
    return Array.prototype.map.call(items, function (item) {
      var text = item.textContent.trim();
      return text.charAt(0).toUpperCase() + text.slice(1);
    }).join(" ");
  }

  function save() {
    if (!moving || (moving.minute === moving.was && moving.venue === moving.wasVenue)) {
      return;
    }
    var block = moving.block;
    var body = new URLSearchParams(new FormData(form));
    body.set("start", twoDigits(Math.floor(moving.minute / 60)) + ":" + twoDigits(moving.minute % 60));
    body.set("venue", venues[moving.venue].dataset.venue);
    live.textContent = said.saving;
    error.textContent = "";
    fetch(form.dataset.action + encodeURIComponent(block.dataset.session) + "/move", {
      method: "POST",
      credentials: "same-origin",
      body: body
    }).then(function (response) {
      if (response.ok) {
        // Back to the timetable as saved, the block that moved in focus.
        if (response.url === location.href.split("#")[0]) {
          location.hash = block.id;
          location.reload();
        } else {
          location.assign(response.url + "#" + block.id);
        }
        return null;
      }
      return response.text().then(function (html) {
        error.textContent = said.failed + " " + messagesOf(html);
        describe();
      });
    }).catch(function () {
      error.textContent = said.failed;
      describe();
    });
  }

  grid.addEventListener("focusin", function (event) {
    var block = event.target.closest(".tt-block");
    if (block) {
      select(block);
    }
  });

  grid.addEventListener("keydown", function (event) {
    var block = event.target.closest(".tt-block");
    if (!block) {
      return;
    }
    select(block);
    switch (event.key) {
      case "ArrowUp":
        moveTo(moving.minute - step, moving.venue);
        break;
      case "ArrowDown":
        moveTo(moving.minute + step, moving.venue);
        break;
      case "ArrowLeft":
        moveTo(moving.minute, moving.venue - 1);
        break;
      case "ArrowRight":
        moveTo(moving.minute, moving.venue + 1);
        break;
      case "Enter":
        if (moving.minute === moving.was && moving.venue === moving.wasVenue) {
          return;
        }
        save();
        break;
      case "Escape":
        cancel();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  // Dragging: up and down by quarters of an hour, across to another venue's column.
  grid.addEventListener("pointerdown", function (event) {
    var block = event.target.closest(".tt-block");
    if (!block || event.button !== 0) {
      return;
    }
    select(block);
    drag = { x: event.clientX, y: event.clientY, minute: moving.minute, pointer: event.pointerId, active: false };
  });

  // The browser's own dragging of a link would take the pointer away.
  grid.addEventListener("dragstart", function (event) {
    if (event.target.closest && event.target.closest(".tt-block")) {
      event.preventDefault();
    }
  });

  grid.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointer || !moving) {
      return;
    }
    var dy = event.clientY - drag.y;
    if (!drag.active && Math.abs(dy) < 5 && Math.abs(event.clientX - drag.x) < 5) {
      return;
    }
    if (!drag.active) {
      // Only now: a press without a move stays a click on the link to the session's form.
      drag.active = true;
      grid.setPointerCapture(event.pointerId);
      moving.block.classList.add("dragging");
    }
    var venue = moving.venue;
    venues.forEach(function (column, index) {
      var box = column.getBoundingClientRect();
      if (event.clientX >= box.left && event.clientX < box.right) {
        venue = index;
      }
    });
    moveTo(drag.minute + Math.round(dy / scale / step) * step, venue);
  });

  function endDrag(event) {
    if (!drag || event.pointerId !== drag.pointer) {
      return;
    }
    if (drag.active && moving) {
      swallowClick = true;
      moving.block.classList.remove("dragging");
      moving.block.focus();
    }
    drag = null;
  }
  grid.addEventListener("pointerup", endDrag);
  grid.addEventListener("pointercancel", endDrag);

  // A drag ends with a click on the block: it is not a visit to the session's form.
  grid.addEventListener("click", function (event) {
    if (swallowClick) {
      swallowClick = false;
      event.preventDefault();
    }
  }, true);

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !moving) {
      return;
    }
    if (button.dataset.step) {
      moveTo(moving.minute + parseInt(button.dataset.step, 10), moving.venue);
    } else if (button.dataset.venue) {
      moveTo(moving.minute, moving.venue + parseInt(button.dataset.venue, 10));
    } else if (button.hasAttribute("data-cancel")) {
      var block = moving.block;
      cancel();
      block.focus();
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
  });

  // Back from a saved move: the block that moved has the focus again.
  if (location.hash.indexOf("#block-") === 0) {
    var moved = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (moved) {
      moved.focus();
    }
  }
})();
