//! The dashboard's charts (issue 12): bars drawn as SVG by the app (no chart library, no
//! server), each with its numbers as a table below for screen readers and exact values. Written
//! by hand because a bar chart is a few rectangles; the chart crates draw to canvas or pull in
//! far more than this needs.

use leptos::prelude::*;

/// One bar: its label under the bar, its height and its value as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Under the bar and in the table's first column.
    pub label: String,
    /// The height.
    pub value: f64,
    /// The value as the table and the bar's tooltip show it.
    pub shown: String,
}

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 150.0;
const BOTTOM: f64 = 20.0;

/// A bar chart with an optional reference line (value, label) and its table.
#[component]
pub fn BarChart(
    /// The chart's heading.
    title: String,
    /// The bars, left to right.
    bars: Vec<Bar>,
    /// A horizontal line drawn across, such as the 35 % rule of thumb.
    #[prop(optional)]
    reference: Option<(f64, String)>,
    /// The first column's heading in the table.
    label_heading: String,
    /// The second column's heading.
    value_heading: String,
    /// "Show the numbers".
    table_label: String,
) -> impl IntoView {
    let top = bars.iter().map(|bar| bar.value).chain(reference.as_ref().map(|(value, _)| *value)).fold(0.0_f64, f64::max).max(1.0);
    let plot = HEIGHT - BOTTOM;
    let slot = WIDTH / bars.len().max(1) as f64;
    let y = move |value: f64| plot - value.max(0.0) / top * (plot - 8.0);
    // Labels only under every few bars when there are many (a year of weeks).
    let every = bars.len().div_ceil(8).max(1);
    let shapes = bars
        .iter()
        .enumerate()
        .map(|(index, bar)| {
            let x = index as f64 * slot;
            let top_y = y(bar.value);
            let label = (index % every == 0).then(|| {
                view! { <text class="chart-label" x=format!("{:.1}", x + slot / 2.0) y=format!("{:.1}", HEIGHT - 5.0) text-anchor="middle">{bar.label.clone()}</text> }
            });
            view! {
                <rect class="chart-bar" x=format!("{:.1}", x + slot * 0.15) y=format!("{top_y:.1}") width=format!("{:.1}", slot * 0.7) height=format!("{:.1}", plot - top_y)>
                    <title>{format!("{}: {}", bar.label, bar.shown)}</title>
                </rect>
                {label}
            }
        })
        .collect_view();
    let line = reference.clone().map(|(value, label)| {
        let at = y(value);
        view! {
            <line class="chart-reference" x1="0" x2=format!("{WIDTH}") y1=format!("{at:.1}") y2=format!("{at:.1}")/>
            <text class="chart-reference-label" x=format!("{}", WIDTH - 2.0) y=format!("{:.1}", at - 3.0) text-anchor="end">{label}</text>
        }
    });
    let rows = bars.iter().map(|bar| view! { <tr><th scope="row">{bar.label.clone()}</th><td>{bar.shown.clone()}</td></tr> }).collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=title.clone() preserveAspectRatio="none">
                <line class="chart-axis" x1="0" x2=format!("{WIDTH}") y1=format!("{plot}") y2=format!("{plot}")/>
                {shapes}
                {line}
            </svg>
            <details class="chart-table">
                <summary>{table_label}</summary>
                <table>
                    <thead><tr><th scope="col">{label_heading}</th><th scope="col">{value_heading}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
