// Recordings behind a click-to-load facade: the page asks nothing of YouTube or Vimeo until
// the visitor presses the button; only then is the player's frame inserted.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-recording-play]");
  if (!button) return;
  const figure = button.closest("[data-embed]");
  const frame = document.createElement("iframe");
  frame.src = figure.dataset.embed;
  frame.title = figure.dataset.title;
  frame.allow = "autoplay; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  frame.className = "recording-frame";
  figure.querySelector(".recording-facade").replaceWith(frame);
  frame.focus();
});
