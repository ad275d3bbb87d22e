// Progressive enhancement only: the pages work without JavaScript.
document.querySelectorAll("button.copy-citation").forEach((button) => {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(button.dataset.citation);
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = "Copy citation"; }, 2000);
  });
});
