// The progress chart: GAD-7 and PHQ-9 by timepoint, from the canvas's data-* attributes (the table next to it
// has the same numbers and is the accessible alternative). Without Chart.js the canvas stays empty.
document.addEventListener("DOMContentLoaded", () => {
    const canvas = document.getElementById("progress-chart");
    if (!canvas || typeof Chart === "undefined") {
        return;
    }
    const series = (value) => (value || "").split(",").map((v) => (v === "" ? null : Number(v)));
    const styles = getComputedStyle(document.documentElement);
    const primary = styles.getPropertyValue("--pico-primary").trim() || "#0172ad";
    const secondary = styles.getPropertyValue("--pico-del-color").trim() || "#b34141";
    new Chart(canvas, {
        type: "line",
        data: {
            labels: (canvas.dataset.labels || "").split("|"),
            datasets: [
                {label: "GAD-7", data: series(canvas.dataset.gad7), borderColor: primary, backgroundColor: primary,
                    spanGaps: true, pointStyle: "circle"},
                {label: "PHQ-9", data: series(canvas.dataset.phq9), borderColor: secondary,
                    backgroundColor: secondary, spanGaps: true, borderDash: [6, 4], pointStyle: "rect"}
            ]
        },
        options: {
            responsive: true,
            animation: false,
            scales: {y: {beginAtZero: true, suggestedMax: 27, title: {display: true, text: "Score"}}}
        }
    });
});
