// The session pages: times on this device's clock, and the countdown to the monitor's next check. Without this
// script the pages show the times as the server wrote them.
(() => {
    const localTimes = (root) => {
        root.querySelectorAll("time[data-local-time]").forEach((element) => {
            const when = new Date(element.getAttribute("datetime"));
            if (!Number.isNaN(when.getTime())) {
                // 24-hour times, as the server writes them in alerts that arrive by polling.
                const time = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
                element.textContent = element.getAttribute("data-local-time") === "day"
                    ? when.toLocaleDateString([], { dateStyle: "medium" }) + ", " + time
                    : time;
            }
        });
    };

    const countdown = () => {
        document.querySelectorAll("time[data-countdown]").forEach((element) => {
            const due = new Date(element.getAttribute("datetime")).getTime();
            if (Number.isNaN(due)) {
                return;
            }
            const wrap = element.closest("[data-countdown-wrap]");
            if (wrap) {
                wrap.hidden = false;
            }
            const seconds = Math.round((due - Date.now()) / 1000);
            if (seconds <= 0) {
                element.textContent = "now";
                return;
            }
            const minutes = Math.floor(seconds / 60);
            const rest = seconds % 60;
            element.textContent = "in " + (minutes > 0 ? minutes + " min " : "") + rest + " s";
        });
    };

    let ticking = false;
    const startCountdown = () => {
        if (!ticking && document.querySelector("time[data-countdown]")) {
            ticking = true;
            countdown();
            setInterval(countdown, 1000);
        }
    };

    document.addEventListener("DOMContentLoaded", () => {
        localTimes(document);
        startCountdown();
    });
    // Parts the console and the monitor's view reload (htmx) get the same treatment.
    document.addEventListener("htmx:afterSettle", (event) => {
        localTimes(event.target);
        countdown();
        startCountdown();
    });
})();
