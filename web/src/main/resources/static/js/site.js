// Small enhancements; every page works without them.
// The time zone field: filled in from this device (IANA id, which may be "UTC") on a fresh form.
document.addEventListener("DOMContentLoaded", () => {
    // Only on a fresh form: after a refusal the field keeps what was sent.
    const field = document.querySelector("form[data-fill-time-zone] input[name='timeZone']");
    if (!field) {
        return;
    }
    try {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone) {
            field.value = zone;
        }
    } catch (notSupported) {
        // The default stays.
    }
});
