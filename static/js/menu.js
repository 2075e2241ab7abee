// The main menu on narrow screens: a disclosure button (aria-expanded) in front of the list. The CSS
// folds the list from the first paint wherever scripting is on (site.css, "Main menu"), so this script
// only opens and closes it and never moves the page as it loads. Without scripting the button is not
// shown and the list is.
const nav = document.querySelector("[data-main-nav]");
const button = nav?.querySelector(".main-nav__toggle");

if (nav && button) {
    const isOpen = () => button.getAttribute("aria-expanded") === "true";
    const setOpen = (open) => {
        button.setAttribute("aria-expanded", String(open));
        nav.classList.toggle("main-nav--open", open);
    };
    const buttonShown = () => button.getClientRects().length > 0;

    button.addEventListener("click", () => setOpen(!isOpen()));

    // Escape closes the open menu and puts focus back on the button, when focus is in the menu
    // (or nowhere in particular, as after a tap in some browsers).
    document.addEventListener("keydown", (event) => {
        if (event.key !== "Escape" || !isOpen() || !buttonShown()) {
            return;
        }
        const focus = document.activeElement;
        if (nav.contains(focus) || focus === document.body || focus === null) {
            setOpen(false);
            button.focus();
        }
    });
}
