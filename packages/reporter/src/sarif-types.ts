/** The part of the SARIF 2.1.0 object model Uplift writes. */

export type SarifLevel = "error" | "warning" | "note";

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifArtifactLocation {
  uri?: string;
  uriBaseId?: string;
  index?: number;
  description?: SarifMessage;
}

export interface SarifArtifact {
  location: SarifArtifactLocation;
  parentIndex?: number;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  snippet?: { text: string };
}

export interface SarifLocation {
  id?: number;
  message?: SarifMessage;
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: SarifRegion };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints?: Record<string, string>;
  properties?: Record<string, string | number | string[]>;
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  descriptor: { id: string; index: number };
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] } & Record<string, string | string[]>;
}
