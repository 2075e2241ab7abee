// The main menu on narrow screens: folded behind a "Menu" button (a disclosure button with
// aria-expanded). Progressive enhancement: without this script the button stays hidden and the menu
// is always shown. The CSS decides at which widths the button shows (site.css, "Main menu").
const nav = document.querySelector("[data-main-nav]");
const button = nav?.querySelector(".main-nav__toggle");

if (nav && button) {
    const isOpen = () => button.getAttribute("aria-expanded") === "true";
    const setOpen = (open) => {
        button.setAttribute("aria-expanded", String(open));
        nav.classList.toggle("main-nav--open", open);
    };
    const buttonShown = () => button.getClientRects().length > 0;

    setOpen(false);
    button.hidden = false;
    nav.classList.add("main-nav--collapsible");

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
