// Chương trình: upload by drag and drop or the file picker, with a progress bar. The
// request body is the file itself (the server streams it to disk and stops at the size
// limit); its name goes in X-File-Name, percent-encoded UTF-8.
(function () {
  "use strict";
  function csrf() { return document.body.dataset.csrf || ""; }
  function problem(text) {
    var box = document.getElementById("problem");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }
  function replyLine(xhr, fallback) {
    try {
      var body = JSON.parse(xhr.responseText);
      return body.error || body.message || fallback;
    } catch (e) { return fallback; }
  }
  function send(url, file, headers, bar, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRF-Token", csrf());
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) bar.value = Math.round(event.loaded / event.total * 100);
    });
    xhr.addEventListener("load", function () { done(xhr); });
    xhr.addEventListener("error", function () { done(xhr); });
    xhr.send(file);
  }

  var zone = document.getElementById("upload");
  function upload(file) {
    var list = document.getElementById("progress");
    var item = document.createElement("li");
    var name = document.createElement("span");
    var bar = document.createElement("progress");
    var line = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    bar.max = 100;
    bar.value = 0;
    line.className = "line";
    item.append(name, bar, line);
    list.prepend(item);
    if (file.size > Number(zone.dataset.maxBytes)) {
      item.dataset.state = "refused";
      line.textContent = zone.dataset.tooBig;
      line.className = "line bad";
      return;
    }
    var series = document.getElementById("upload-series").value;
    send("/api/v1/programmes/upload", file, {"X-Series": encodeURIComponent(series)}, bar,
      function (xhr) {
        var ok = xhr.status >= 200 && xhr.status < 300;
        item.dataset.state = ok ? "sent" : "refused";
        line.textContent = replyLine(xhr, zone.dataset.failed);
        line.className = ok ? "line good" : "line bad";
        if (ok) {
          bar.value = 100;
          if (window.htmx) window.htmx.trigger(document.body, "upload-done");
        }
      });
  }
  if (zone) {
    var drop = document.getElementById("drop");
    var input = document.getElementById("upload-file");
    input.addEventListener("change", function () {
      Array.prototype.forEach.call(input.files, upload);
      input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (event) {
        event.preventDefault();
        drop.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      Array.prototype.forEach.call(event.dataTransfer.files, upload);
    });
  }

  // Cách ly: a fixed copy of a quarantined file goes into the inbox like any upload (the
  // daemon checks it), then the quarantined one is set aside (kept, never deleted).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("fixed")) return;
    event.preventDefault();
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) return;
    var bar = form.querySelector("progress");
    var card = form.closest(".quarantine");
    var series = card.querySelector("select[name=series]");
    bar.hidden = false;
    send("/api/v1/programmes/upload", file,
      {"X-Series": encodeURIComponent(series ? series.value : "")}, bar, function (xhr) {
        if (xhr.status < 200 || xhr.status >= 300) {
          bar.hidden = true;
          problem(replyLine(xhr, form.dataset.failed));
          return;
        }
        // Not through the set-aside form: its confirmation is for a click of its own.
        if (window.htmx) {
          window.htmx.ajax("POST", "/cach-ly/de-rieng", {target: "#quarantine",
            values: {name: card.dataset.name}, headers: {"X-CSRF-Token": csrf()}});
        }
      });
  });

  // Replace a programme: the new file and the reason, the same way.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("replace")) return;
    event.preventDefault();
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) return;
    var reason = form.querySelector("input[name=reason]").value;
    var bar = form.querySelector("progress");
    bar.hidden = false;
    send("/api/v1/programmes/" + form.dataset.id + "/replace", file,
      {"X-Reason": encodeURIComponent(reason)}, bar, function (xhr) {
        var result = document.getElementById("change-result");
        if (xhr.status >= 200 && xhr.status < 300) {
          result.textContent = replyLine(xhr, "");
          result.className = "good";
          if (window.htmx) window.htmx.trigger(document.body, "library-changed");
        } else {
          bar.hidden = true;
          problem(replyLine(xhr, zone ? zone.dataset.failed : ""));
        }
      });
  });
})();
