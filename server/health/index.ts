export { createHealthService, type HealthReport, type HealthService, type ReadinessReport, type ReadinessCheck, type PartStatus } from "./service.ts";
