/**
 * Where a service stands against the template it came from (the golden-path
 * backend's drift view, GET /api/golden-path/drift).
 * @public
 */
export type DriftStatus =
  | 'current'
  | 'behind'
  | 'unsupported'
  | 'unknown-version'
  | 'not-from-template';

/**
 * One component in the drift view.
 * @public
 */
export type ServiceDrift = {
  entityRef: string;
  title: string;
  ownerRef?: string;
  ownerTitle?: string;
  systemRef?: string;
  systemTitle?: string;
  tier?: string;
  templateRef?: string;
  templateTitle?: string;
  version?: string;
  /** From the repository's lockfile; 'none' without the chassis. */
  chassisVersion?: string;
  behind?: number;
  latestVersion?: string;
  supported?: boolean;
  status: DriftStatus;
  /** Why the version or the chassis could not be read, in plain words. */
  error?: string;
  /** Whether the portal can upgrade it (local repository, known versions). */
  upgradeable: boolean;
};

/**
 * One version of a template, with how many services are on it.
 * @public
 */
export type TemplateVersionDrift = {
  version: string;
  date?: string;
  changes: string[];
  current: boolean;
  supported: boolean;
  services: number;
};

/**
 * One golden-path template in the drift view.
 * @public
 */
export type TemplateDrift = {
  ref: string;
  title: string;
  currentVersion?: string;
  supportedRange?: string;
  versions: TemplateVersionDrift[];
  /** Why its versions could not be read. */
  error?: string;
};

/**
 * GET /drift
 * @public
 */
export type DriftResponse = {
  generatedAt: string | null;
  templates: TemplateDrift[];
  services: ServiceDrift[];
  counts: {
    current: number;
    behind: number;
    unsupported: number;
    unknownVersion: number;
    notFromTemplate: number;
  };
};

/**
 * What the scheduler task stores.
 * @public
 */
export type DriftSnapshot = {
  generatedAt: string;
  templates: TemplateDrift[];
  services: ServiceDrift[];
};
