/* lessonkit: clips. Frame stepping, a frame readout and the printed strip on demand
   for every <div class="clip-player"> that clip.py writes; without this script
   the videos keep their native controls.

   The HTML (clip.py): the player has data-fps, data-frames, data-readout
   ("frame {frame} of {frames} · {time}") and data-seconds ("{seconds} s"), both in
   the book's language; one <video> (two in a comparison), each
   preload="none" so nothing but its poster loads before the reader asks; a hidden
   <div class="clip-controls"> with two .clip-step buttons (data-step -1 and 1),
   an <output class="clip-readout"> and a .clip-strip-toggle; and a <template
   class="clip-strip-template"> holding the strip, whose images load only once the
   reader presses "Show frames".

   Frame-exact: frame n (from 0) is on screen from n / fps to (n + 1) / fps, so a
   step seeks to the middle of that interval, (n + 0.5) / fps, where no rounding of
   the time can show a neighbour; pausing puts every video on the middle of the
   frame it shows.

   Lock-step (clip-compare): the first video leads. Play, pause, seeking and rate
   changes on either video are mirrored on the other; a change the script made
   itself is recognised by its value and not mirrored back. While playing, on every
   frame the leader presents (requestVideoFrameCallback, else timeupdate), a video
   more than one frame away is seeked to the leader's time. */
(function () {
  "use strict";

  var reducedMotion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;

  function Clip(player) {
    this.player = player;
    this.videos = Array.prototype.slice.call(player.querySelectorAll("video"));
    this.fps = Number(player.getAttribute("data-fps"));
    this.frames = Number(player.getAttribute("data-frames"));
    this.readoutTemplate = player.getAttribute("data-readout") || "frame {frame} of {frames} · {time}";
    this.secondsTemplate = player.getAttribute("data-seconds") || "{seconds} s";
    this.controls = player.querySelector(".clip-controls");
    this.readout = player.querySelector(".clip-readout");
    this.toggle = player.querySelector(".clip-strip-toggle");
    this.template = player.querySelector("template.clip-strip-template");
    this.strip = null;
    // The last time the script set on each video: its echo is not mirrored back.
    this.targets = this.videos.map(function () { return null; });
  }

  Clip.prototype.leader = function () {
    return this.videos[0];
  };

  Clip.prototype.frameAt = function (seconds) {
    var frame = Math.floor(seconds * this.fps + 0.01);
    return Math.max(0, Math.min(this.frames - 1, frame));
  };

  Clip.prototype.timeOf = function (frame) {
    return (frame + 0.5) / this.fps;
  };

  Clip.prototype.show = function (frame) {
    var time = this.secondsTemplate.replace("{seconds}", (frame / this.fps).toFixed(2));
    this.readout.textContent = this.readoutTemplate
      .replace("{frame}", String(frame + 1))
      .replace("{frames}", String(this.frames))
      .replace("{time}", time);
  };

  Clip.prototype.seek = function (video, seconds) {
    var index = this.videos.indexOf(video);
    this.targets[index] = seconds;
    video.currentTime = seconds;
  };

  // With preload="none" a video has no data until asked: a step asks for it. Lifting
  // preload resumes the suspended load; a browser that does not resume is told to load.
  Clip.prototype.ready = function (video) {
    if (video.readyState >= 1) return Promise.resolve();
    return new Promise(function (resolve) {
      video.addEventListener("loadedmetadata", function () { resolve(); }, { once: true });
      video.preload = "auto";
      if (video.networkState === video.NETWORK_EMPTY) {
        video.load();
        return;
      }
      window.setTimeout(function () {
        if (video.readyState === 0 && video.networkState !== video.NETWORK_LOADING) video.load();
      }, 1000);
    });
  };

  Clip.prototype.step = function (delta) {
    var clip = this;
    clip.videos.forEach(function (video) { video.pause(); });
    var frame = clip.frameAt(clip.leader().currentTime);
    var wanted = Math.max(0, Math.min(clip.frames - 1, frame + delta));
    clip.readout.setAttribute("aria-live", "polite");
    Promise.all(clip.videos.map(function (video) { return clip.ready(video); })).then(function () {
      clip.videos.forEach(function (video) { clip.seek(video, clip.timeOf(wanted)); });
      clip.show(wanted);
    });
  };

  // Every video on the middle of the frame the leader shows. The seek also makes a
  // video that dropped frames while playing show the frame of its current time.
  Clip.prototype.settle = function () {
    var clip = this;
    var frame = clip.frameAt(clip.leader().currentTime);
    var middle = clip.timeOf(frame);
    clip.videos.forEach(function (video) {
      if (video.readyState >= 1 && video.currentTime !== middle) clip.seek(video, middle);
    });
    clip.show(frame);
  };

  Clip.prototype.ownEcho = function (video) {
    var index = this.videos.indexOf(video);
    var target = this.targets[index];
    if (target !== null && Math.abs(video.currentTime - target) < 1e-3) {
      this.targets[index] = null;
      return true;
    }
    return false;
  };

  Clip.prototype.others = function (video) {
    return this.videos.filter(function (other) { return other !== video; });
  };

  Clip.prototype.listen = function () {
    var clip = this;
    clip.videos.forEach(function (video) {
      video.addEventListener("play", function () {
        clip.readout.setAttribute("aria-live", "off");
        clip.others(video).forEach(function (other) {
          if (!other.paused) return;
          if (Math.abs(other.currentTime - video.currentTime) > 0.5 / clip.fps) clip.seek(other, video.currentTime);
          other.play().catch(function () {});
        });
        clip.watch();
      });
      video.addEventListener("pause", function () {
        clip.others(video).forEach(function (other) { if (!other.paused) other.pause(); });
        clip.readout.setAttribute("aria-live", "polite");
        clip.settle();
      });
      video.addEventListener("seeking", function () {
        if (clip.ownEcho(video)) return;
        clip.others(video).forEach(function (other) {
          if (Math.abs(other.currentTime - video.currentTime) > 0.5 / clip.fps) clip.seek(other, video.currentTime);
        });
      });
      video.addEventListener("seeked", function () {
        clip.show(clip.frameAt(clip.leader().currentTime));
      });
      video.addEventListener("ratechange", function () {
        clip.others(video).forEach(function (other) {
          if (other.playbackRate !== video.playbackRate) other.playbackRate = video.playbackRate;
        });
      });
      video.addEventListener("timeupdate", function () {
        if (video === clip.leader() && !clip.framesWatched) clip.follow(video.currentTime);
      });
    });
  };

  // While playing: the readout follows the leader's frames, the others follow its time.
  Clip.prototype.follow = function (seconds) {
    var clip = this;
    clip.show(clip.frameAt(seconds));
    clip.others(clip.leader()).forEach(function (other) {
      if (!other.paused && !other.seeking && Math.abs(other.currentTime - seconds) > 1 / clip.fps) {
        clip.seek(other, seconds);
      }
    });
  };

  Clip.prototype.watch = function () {
    var clip = this;
    var leader = clip.leader();
    if (!leader.requestVideoFrameCallback || clip.framesWatched) return;
    clip.framesWatched = true;
    var onFrame = function (now, metadata) {
      if (leader.paused) {
        clip.framesWatched = false;
        return;
      }
      clip.follow(metadata.mediaTime);
      leader.requestVideoFrameCallback(onFrame);
    };
    leader.requestVideoFrameCallback(onFrame);
  };

  Clip.prototype.toggleStrip = function () {
    if (!this.strip.hasChildNodes() && this.template) {
      // Only now are the strip's images in the document, and fetched.
      this.strip.appendChild(this.template.content.cloneNode(true));
    }
    var open = this.toggle.getAttribute("aria-expanded") === "true";
    this.toggle.setAttribute("aria-expanded", open ? "false" : "true");
    this.strip.hidden = open;
  };

  // Looping is motion the reader did not ask for again: not with reduced motion.
  Clip.prototype.applyMotionPreference = function () {
    var reduce = reducedMotion && reducedMotion.matches;
    this.videos.forEach(function (video) {
      if (video.hasAttribute("loop")) video.loop = !reduce;
    });
  };

  Clip.prototype.start = function () {
    var clip = this;
    if (!clip.videos.length || !clip.fps || !clip.frames || !clip.controls) return;
    // The strip's place, empty until "Show frames": aria-controls always names it.
    clip.strip = document.createElement("div");
    clip.strip.className = "clip-strip-holder";
    var stripId = clip.template && clip.template.content.firstElementChild
      ? clip.template.content.firstElementChild.id + "-holder" : "";
    if (stripId) {
      clip.strip.id = stripId;
      clip.toggle.setAttribute("aria-controls", stripId);
    }
    clip.strip.hidden = true;
    clip.controls.parentNode.insertBefore(clip.strip, clip.controls.nextSibling);

    Array.prototype.forEach.call(clip.player.querySelectorAll(".clip-step"), function (button) {
      button.addEventListener("click", function () {
        clip.step(Number(button.getAttribute("data-step")));
      });
    });
    clip.toggle.addEventListener("click", function () { clip.toggleStrip(); });
    clip.player.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "," || event.key === ".") {
        event.preventDefault();
        clip.step(event.key === "," ? -1 : 1);
      }
    });
    clip.listen();
    clip.applyMotionPreference();
    if (reducedMotion && reducedMotion.addEventListener) {
      reducedMotion.addEventListener("change", function () { clip.applyMotionPreference(); });
    }
    clip.controls.hidden = false;
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".clip-player"), function (player) {
      new Clip(player).start();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
