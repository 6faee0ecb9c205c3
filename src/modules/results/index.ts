export { resultsApi, presentFramework } from './results.api.js';
export { resultsPages } from './results.pages.js';
export { MEASURES, type Baseline, type DatedValue, type Indicator, type Measure, type Measurement, type Outcome, type Programme } from './results.domain.js';
export {
  addMeasurement, createIndicator, getIndicator, listIndicators, replaceMeasurement, resultsOfPartnership, resultsOfPlace, setTargets, updateIndicator,
  type IndicatorFilters, type ResultsFramework,
} from './results.service.js';
export { indicatorStore } from './results.store.js';
export { presentIndicator, presentIndicatorSummary } from './results.presenter.js';
export { renderIndicatorChart, type ChartData, type ChartLabels } from './results.chart.js';
export { chartSummary, IndicatorChartFigure } from './results.views.js';
export { IndicatorSchema, IndicatorSummarySchema, ResultsFrameworkSchema } from './results.schemas.js';
