// Charts for the mandate and portfolio dashboards: SVG drawn on the server and in the browser
// alike (visx, no measuring, no effects), each in a <figure> with its numbers as a hidden table.
// Link ~/styles/charts.css from the route that shows them.
export { BudgetBar } from "./budget-bar";
export { BurndownChart } from "./burndown-chart";
export { ChartFigure, ChartSvg } from "./chart-figure";
export { CountBarChart, type CountBar } from "./count-bar-chart";
export { MonthlyBarChart } from "./monthly-bar-chart";
export { RankedBarChart } from "./ranked-bar-chart";
export { StatusBarChart } from "./status-bar-chart";
