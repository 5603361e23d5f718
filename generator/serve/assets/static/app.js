// baocao serve: the page of one reporting date. The server keeps nothing per user: every
// request carries the file's name, the SHA-256 of the bytes the page loaded (base) and the
// edits since (path → value as typed). Problems, figures and the preview come back from the
// server; nothing is computed here.
(function () {
  "use strict";
  var app = document.getElementById("app");
  if (!app) return;
  var name = app.dataset.name;
  var base = app.dataset.base;
  var csrf = document.querySelector('meta[name="csrf"]').content;
  var seq = 0, shown = 0, timer = null, valid = !document.getElementById("validity").classList.contains("error-text");

  function inputs() { return Array.prototype.slice.call(document.querySelectorAll("[data-path]")); }
  inputs().forEach(function (el) { el.dataset.initial = el.value; });

  function edits() {
    var m = {}, n = 0;
    inputs().forEach(function (el) {
      var edited = el.value !== el.dataset.initial;
      el.classList.toggle("edited", edited);
      if (edited) { m[el.dataset.path] = el.value; n++; }
    });
    return { map: m, count: n };
  }

  function say(text, kind) {
    var box = document.getElementById("message");
    box.textContent = text;
    box.className = "message" + (kind ? " " + kind : "");
    box.hidden = !text;
  }

  function showDirty() {
    var e = edits(), d = document.getElementById("dirty");
    d.textContent = e.count ? e.count + " thay đổi chưa lưu" : "Chưa có thay đổi";
    d.classList.toggle("dirty", e.count > 0);
    return e;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin"
    });
  }

  function fill(list, problems) {
    list.textContent = "";
    (problems || []).forEach(function (p) {
      var li = document.createElement("li");
      li.className = p.Warning ? "warning" : "error";
      li.textContent = p.Message;
      list.appendChild(li);
    });
  }

  // apply shows a state the server answered: problems next to their fields, counts, figures,
  // the cards' scores and statuses, and the preview.
  function apply(st) {
    var v = st.view, pl = st.placed;
    valid = v.Valid;
    document.querySelectorAll("[data-problems-for]").forEach(function (ul) {
      var ps = pl.field[ul.dataset.problemsFor];
      fill(ul, ps);
      ul.parentNode.classList.toggle("has-error", (ps || []).some(function (p) { return !p.Warning; }));
    });
    document.querySelectorAll("[data-card-problems]").forEach(function (ul) { fill(ul, pl.card[ul.dataset.cardProblems]); });
    fill(document.getElementById("general-problems"), pl.general);
    var val = document.getElementById("validity");
    val.textContent = st.summary;
    val.className = v.Valid ? "ok-text" : "error-text";
    var c = v.Counts;
    [["c-done", c.Done], ["c-progress", c.InProgress], ["c-notstarted", c.NotStarted], ["c-regular", c.Regular], ["c-total", c.Total]]
      .forEach(function (x) { document.getElementById(x[0]).textContent = v.Valid ? x[1] : "—"; });
    document.getElementById("figures-none").hidden = v.Valid;
    var fig = document.getElementById("figures");
    fig.textContent = "";
    (v.Figures || []).forEach(function (f) {
      var tr = fig.insertRow(), a = tr.insertCell(), b = tr.insertCell();
      a.textContent = f.Label; b.textContent = f.Value; b.className = "num";
    });
    (v.Cards || []).forEach(function (card, i) {
      var s = document.querySelector('[data-status="' + i + '"]');
      if (s) {
        s.textContent = card.Status || "chưa có trạng thái";
        s.className = "badge " + statusClass(card.Status);
        // A heading is an item, with a status shown, only once it has a finding of its own.
        s.hidden = !!card.Heading && !card.Own;
      }
      var sc = document.querySelector('[data-score="' + i + '"]');
      if (sc && card.Max) sc.textContent = "Điểm " + card.Score + " / " + card.Max + (card.Lost ? " · bị trừ " + card.Lost : "");
    });
    if (st.previous) {
      var pv = document.getElementById("previous");
      pv.textContent = st.previous.note;
      pv.dataset.previous = st.previous.name || "";
      fill(document.getElementById("previous-warnings"), (st.previous.warnings || []).map(function (w) { return { Warning: true, Message: w }; }));
    }
    document.getElementById("title").textContent = v.Title;
    jumps();
    if (st.appendix !== undefined && st.appendix !== "") document.getElementById("preview-appendix").innerHTML = st.appendix;
    if (st.report !== undefined && st.report !== "") document.getElementById("preview-report").innerHTML = st.report;
  }

  // jumps lists, in the check panel, the fields that have an error, each a link to it.
  function jumps() {
    var ul = document.getElementById("jumps");
    ul.textContent = "";
    document.querySelectorAll(".field.has-error").forEach(function (f) {
      var input = f.querySelector("[data-path]"), card = f.closest("[data-card]");
      if (!input) return;
      var a = document.createElement("a"), li = document.createElement("li");
      a.href = "#" + input.id;
      a.textContent = (card ? card.querySelector(".card-id").textContent + " · " : "") + f.querySelector("label").textContent;
      a.addEventListener("click", function (e) { e.preventDefault(); input.scrollIntoView({ block: "center" }); input.focus(); });
      li.appendChild(a);
      ul.appendChild(li);
    });
  }

  function statusClass(label) {
    switch ((label || "").toLowerCase()) {
      case "đã hoàn thành": return "st-done";
      case "đang thực hiện": return "st-progress";
      case "chưa thực hiện": return "st-notstarted";
      case "thực hiện thường xuyên": return "st-regular";
    }
    return "st-other";
  }

  function errorOf(resp) {
    return resp.json().then(function (j) { return j.error || ("Lỗi " + resp.status); },
      function () { return "Lỗi " + resp.status; });
  }

  // refresh asks the server for the state with the current edits; an answer older than one
  // already shown is dropped.
  function refresh() {
    var my = ++seq;
    return post("/api/xem/" + encodeURIComponent(name), { base: base, edits: showDirty().map }).then(function (resp) {
      if (!resp.ok) return errorOf(resp).then(function (msg) { say(msg, "error"); });
      return resp.json().then(function (st) {
        if (my < shown) return;
        shown = my;
        apply(st);
        if (st.changed) say("Tệp " + name + " đã bị thay đổi trên đĩa từ khi trang được mở: lưu sẽ bị từ chối. Hãy chép lại những gì cần giữ rồi tải lại trang.", "warn");
      });
    }, function () { say("Không liên lạc được với baocao serve (chương trình đã tắt?). Các thay đổi vẫn còn trên trang.", "error"); });
  }

  document.getElementById("editor").addEventListener("input", function () {
    showDirty();
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  document.getElementById("editor").addEventListener("change", function () {
    showDirty();
    clearTimeout(timer);
    timer = setTimeout(refresh, 50);
  });
  document.getElementById("editor").addEventListener("submit", function (e) { e.preventDefault(); });

  document.getElementById("save").addEventListener("click", function () {
    var btn = this;
    btn.disabled = true;
    clearTimeout(timer);
    post("/api/luu/" + encodeURIComponent(name), { base: base, edits: edits().map }).then(function (resp) {
      if (!resp.ok) return errorOf(resp).then(function (msg) { say(msg, "error"); });
      return resp.json().then(function (st) {
        base = st.base;
        // What is on disk now is the new starting point. A field whose edit was written shows
        // it as the file has it; one whose edit could not be made (an error on it) keeps what
        // was typed, still an edit.
        inputs().forEach(function (el) {
          var p = el.dataset.path;
          if (!Object.prototype.hasOwnProperty.call(st.values, p)) { el.dataset.initial = el.value; return; }
          var failed = (st.placed.field[p] || []).some(function (x) { return !x.Warning; });
          if (failed) { el.dataset.initial = st.values[p]; return; }
          el.value = st.values[p];
          el.dataset.initial = el.value; // as the element holds it (an <input> drops line breaks)
        });
        showDirty();
        apply(st);
        say(st.message, st.view.Valid ? "ok" : "warn");
      });
    }, function () { say("Không liên lạc được với baocao serve: chưa lưu. Các thay đổi vẫn còn trên trang.", "error"); })
      .then(function () { btn.disabled = false; });
  });

  document.querySelectorAll("button.download").forEach(function (btn) {
    btn.addEventListener("click", function () {
      if (!valid) { say("Dữ liệu còn lỗi (xem các thông báo màu đỏ): sửa xong mới tải được văn bản.", "error"); return; }
      var kind = btn.dataset.kind;
      btn.disabled = true;
      post("/api/tai/" + encodeURIComponent(name) + "/" + kind, { base: base, edits: edits().map }).then(function (resp) {
        if (!resp.ok) return errorOf(resp).then(function (msg) { say(msg, "error"); });
        var cd = resp.headers.get("Content-Disposition") || "", m = /filename="?([^";]+)"?/.exec(cd);
        return resp.blob().then(function (blob) {
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = m ? m[1] : name.replace(/\.toml$/, "") + "." + kind;
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
        });
      }, function () { say("Không liên lạc được với baocao serve.", "error"); })
        .then(function () { btn.disabled = false; });
    });
  });

  document.getElementById("next").addEventListener("click", function () {
    var out = document.getElementById("next-result");
    out.hidden = false;
    if (edits().count) {
      out.className = "message warn";
      out.textContent = "Hãy lưu các thay đổi trước: kỳ mới được chép từ tệp đã lưu.";
      return;
    }
    post("/api/ky-moi/" + encodeURIComponent(name), {
      date: document.getElementById("next-date").value,
      as_of: document.getElementById("next-asof").value
    }).then(function (resp) {
      return resp.json().then(function (j) {
        out.textContent = "";
        if (!resp.ok) { out.className = "message error"; out.textContent = j.error || ("Lỗi " + resp.status); return; }
        out.className = "message ok";
        out.appendChild(document.createTextNode(j.message + " "));
        var a = document.createElement("a");
        a.href = j.url; a.id = "next-link"; a.textContent = "Mở " + j.name;
        out.appendChild(a);
      });
    }, function () { out.className = "message error"; out.textContent = "Không liên lạc được với baocao serve."; });
  });

  // Leaving the page with unsaved edits asks first: they live only in the page.
  window.addEventListener("beforeunload", function (e) {
    if (edits().count) { e.preventDefault(); e.returnValue = ""; }
  });
  // Ctrl+S (⌘S) saves, as in an editor.
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S")) {
      e.preventDefault();
      document.getElementById("save").click();
    }
  });

  showDirty();
  jumps();
})();
