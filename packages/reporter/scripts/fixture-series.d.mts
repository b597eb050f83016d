/** Three results `week-1.json` … `week-3.json` of the Odoo fixture, fixed between scans; oldest first. */
export declare function scanFixtureSeries(dir: string): string[];
