// The worklist's "today" is the day in this browser's time zone: the zone (an IANA id, not personal data) goes to
// the server in a cookie; a page shown in another zone is loaded again once.
document.addEventListener("DOMContentLoaded", () => {
    const shown = document.getElementById("worklist-zone");
    if (!shown) {
        return;
    }
    let zone;
    try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (notSupported) {
        return;
    }
    if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) {
        return;
    }
    const value = "care_time_zone=" + zone;
    // Sent already, and the server could not use it: no second reload.
    const known = document.cookie.split("; ").includes(value);
    document.cookie = value + "; path=/; max-age=31536000; SameSite=Lax";
    if (!known && shown.dataset.timeZone !== zone) {
        window.location.reload();
    }
});
