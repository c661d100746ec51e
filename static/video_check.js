// video_check.js — the pre-call check (templates/video_check.html): camera
// preview, microphone level, a test tone for the speaker, and a connection
// test (the time to reach us, and whether two connections in this browser
// can set up a video path with the configured STUN server). Nothing leaves
// the browser but the ping to /status.
(function () {
  'use strict';
  var root = document.getElementById('check');
  if (!root) return;
  var d = root.dataset;
  var $ = function (id) { return document.getElementById(id); };
  var stream = null;
  var audio = null;
  var heard = false;

  function camera() {
    $('check-cam-result').textContent = d.tRunning;
    navigator.mediaDevices.getUserMedia({ audio: true, video: true }).then(function (s) {
      stream = s;
      $('check-video').srcObject = s;
      $('check-cam-result').textContent = d.tOk;
      meter(s);
    }).catch(function () {
      $('check-cam-result').textContent = d.tCamFail;
    });
  }

  function meter(s) {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    audio = audio || new Ctx();
    var src = audio.createMediaStreamSource(s);
    var an = audio.createAnalyser();
    an.fftSize = 512;
    src.connect(an);
    var data = new Uint8Array(an.fftSize);
    var el = $('check-mic-level');
    var result = $('check-mic-result');
    var started = Date.now();
    result.textContent = d.tRunning;
    function tick() {
      an.getByteTimeDomainData(data);
      var peak = 0;
      for (var i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i] - 128));
      var level = Math.min(100, Math.round(peak / 128 * 100 * 2));
      el.value = level;
      if (level > 4 && !heard) { heard = true; result.textContent = d.tMicOk; }
      if (!heard && Date.now() - started > 8000) result.textContent = d.tMicQuiet;
      if (stream) requestAnimationFrame(tick);
    }
    tick();
  }

  function tone() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    audio = audio || new Ctx();
    var o = audio.createOscillator();
    var g = audio.createGain();
    o.frequency.value = 440;
    g.gain.value = 0.2;
    o.connect(g); g.connect(audio.destination);
    o.start();
    o.stop(audio.currentTime + 1);
  }

  // Two peer connections in this page: if they reach each other and a
  // message goes through, the browser can set up a call's path.
  function loopback(iceServers) {
    return new Promise(function (resolve) {
      var a = new RTCPeerConnection({ iceServers: iceServers });
      var b = new RTCPeerConnection({ iceServers: iceServers });
      var done = false;
      function finish(ok) { if (done) return; done = true; a.close(); b.close(); resolve(ok); }
      a.onicecandidate = function (e) { if (e.candidate) b.addIceCandidate(e.candidate).catch(function () {}); };
      b.onicecandidate = function (e) { if (e.candidate) a.addIceCandidate(e.candidate).catch(function () {}); };
      b.ondatachannel = function (e) { e.channel.onmessage = function () { finish(true); }; };
      var ch = a.createDataChannel('check');
      ch.onopen = function () { ch.send('ping'); };
      a.createOffer().then(function (o) { return a.setLocalDescription(o); })
        .then(function () { return b.setRemoteDescription(a.localDescription); })
        .then(function () { return b.createAnswer(); })
        .then(function (o) { return b.setLocalDescription(o); })
        .then(function () { return a.setRemoteDescription(b.localDescription); })
        .catch(function () { finish(false); });
      setTimeout(function () { finish(false); }, 10000);
    });
  }

  function network() {
    var result = $('check-net-result');
    result.textContent = d.tRunning;
    var ice = [];
    try { ice = JSON.parse(d.ice || '[]'); } catch (e) { ice = []; }
    var t0 = performance.now();
    var pings = [];
    function ping(n) {
      if (n === 0) return Promise.resolve();
      var t = performance.now();
      return fetch(d.ping, { cache: 'no-store' }).then(function () {
        pings.push(performance.now() - t);
        return ping(n - 1);
      });
    }
    ping(3).then(function () { return loopback(ice); }).then(function (ok) {
      var best = Math.min.apply(null, pings);
      if (!ok) result.textContent = d.tNetFail;
      else if (best > 400 || performance.now() - t0 > 8000) result.textContent = d.tNetSlow;
      else result.textContent = d.tNetOk + ' (' + Math.round(best) + ' ms)';
    }).catch(function () { result.textContent = d.tNetFail; });
  }

  $('check-start').addEventListener('click', camera);
  $('check-tone').addEventListener('click', tone);
  $('check-net').addEventListener('click', network);
})();
