// Progressive enhancement only: every page works without it.
// A form being sent says so and cannot be sent twice by a second click.
document.addEventListener("submit", (event) => {
  const button = event.target.querySelector("button[type=submit], button:not([type])");
  if (button) {
    button.setAttribute("aria-busy", "true");
    setTimeout(() => { button.disabled = true; }, 0);
  }
});
