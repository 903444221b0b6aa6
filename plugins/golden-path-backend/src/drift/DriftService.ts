import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TEMPLATE,
  ANNOTATION_TEMPLATE_VERSION,
  ANNOTATION_TIER,
  DriftResponse,
  DriftSnapshot,
  isSemver,
  ServiceDrift,
  TemplateDrift,
} from '@golden-path/plugin-golden-path-common';
import { TemplateHistory } from '@golden-path/plugin-golden-path-node';
import semver from 'semver';
import { parse } from 'yaml';
import { LocalRepositoryReader } from '../service/LocalRepositoryReader';

const CHASSIS = '@golden-path/service-chassis';
const PROVENANCE_FILE = '.golden-path/answers.yaml';

/** Filters of GET /drift (refs lower-case; tier `none` = no tier). */
export type DriftFilter = {
  owner?: string[];
  system?: string[];
  tier?: string[];
};

const titleOf = (entity: Entity) =>
  entity.metadata.title?.trim() || entity.metadata.name;

/**
 * Which template version each component is on, how far behind the
 * template's current version it is and which chassis version its lockfile
 * holds; computed from the catalog and the repositories the portal serves.
 */
export class DriftService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      reader: LocalRepositoryReader;
      logger: LoggerService;
    },
  ) {}

  /** Computes a snapshot of every component and golden-path template. */
  async compute(): Promise<DriftSnapshot> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const [components, templates, others] = await Promise.all([
      catalog.getEntities({ filter: { kind: 'Component' } }, { credentials }),
      catalog.getEntities({ filter: { kind: 'Template' } }, { credentials }),
      catalog.getEntities(
        {
          filter: [{ kind: 'Group' }, { kind: 'System' }],
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
          ],
        },
        { credentials },
      ),
    ]);
    const titles = new Map(
      others.items.map(e => [stringifyEntityRef(e), titleOf(e)]),
    );
    const histories = new Map<
      string,
      { entity: Entity; history?: TemplateHistory; error?: string }
    >();
    // Golden-path templates are those that declare a version.
    for (const template of templates.items.filter(
      t => t.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION],
    )) {
      const ref = stringifyEntityRef(template);
      try {
        histories.set(ref, {
          entity: template,
          history: await TemplateHistory.fromEntity(template),
        });
      } catch (error) {
        histories.set(ref, {
          entity: template,
          error: (error as Error).message,
        });
      }
    }
    const services: ServiceDrift[] = [];
    for (const component of components.items) {
      services.push(await this.serviceDrift(component, histories, titles));
    }
    services.sort((a, b) => a.title.localeCompare(b.title));
    const templateDrifts: TemplateDrift[] = [...histories.entries()].map(
      ([ref, { entity, history, error }]) => ({
        ref,
        title: titleOf(entity),
        currentVersion: history?.currentVersion,
        supportedRange: history?.supportedRange,
        versions: (history?.versions() ?? []).map(v => ({
          version: v.version,
          date: v.date,
          changes: v.changes,
          current: v.current,
          supported: history!.supports(v.version),
          services: 0,
        })),
        ...(error ? { error } : {}),
      }),
    );
    return {
      generatedAt: new Date().toISOString(),
      templates: templateDrifts.sort((a, b) => a.title.localeCompare(b.title)),
      services,
    };
  }

  private async serviceDrift(
    component: Entity,
    histories: Map<
      string,
      { entity: Entity; history?: TemplateHistory; error?: string }
    >,
    titles: Map<string, string>,
  ): Promise<ServiceDrift> {
    const annotations = component.metadata.annotations ?? {};
    const owner = component.relations?.find(
      r => r.type === RELATION_OWNED_BY,
    )?.targetRef;
    const system = component.relations?.find(
      r => r.type === RELATION_PART_OF && r.targetRef.startsWith('system:'),
    )?.targetRef;
    const drift: ServiceDrift = {
      entityRef: stringifyEntityRef(component),
      title: titleOf(component),
      ...(owner
        ? {
            ownerRef: owner,
            ownerTitle: titles.get(owner) ?? owner.split('/').pop(),
          }
        : {}),
      ...(system
        ? {
            systemRef: system,
            systemTitle: titles.get(system) ?? system.split('/').pop(),
          }
        : {}),
      ...(annotations[ANNOTATION_TIER]
        ? { tier: annotations[ANNOTATION_TIER] }
        : {}),
      status: 'not-from-template',
      upgradeable: false,
    };
    const repository = this.repositoryOf(component);
    let templateRef = annotations[ANNOTATION_TEMPLATE]?.trim().toLowerCase();
    let version = annotations[ANNOTATION_TEMPLATE_VERSION]?.trim();
    const problems: string[] = [];
    if (repository) {
      try {
        const lock = await this.options.reader.readAtHead(
          repository,
          'package-lock.json',
        );
        const pkg = await this.options.reader.readAtHead(
          repository,
          'package.json',
        );
        drift.chassisVersion = chassisVersionOf(lock, pkg);
        if (!templateRef || !version) {
          // Older services: the provenance record, when the entity lacks it.
          const record = await this.options.reader.readAtHead(
            repository,
            PROVENANCE_FILE,
          );
          const parsed = record ? parse(record.toString('utf8')) : undefined;
          templateRef ??=
            typeof parsed?.template === 'string'
              ? parsed.template.toLowerCase()
              : undefined;
          version ??=
            typeof parsed?.version === 'string' ? parsed.version : undefined;
        }
      } catch (error) {
        problems.push(
          error instanceof NotFoundError
            ? error.message
            : `Its repository could not be read: ${(error as Error).message}`,
        );
      }
    }
    if (!templateRef) {
      if (problems.length) drift.error = problems.join(' ');
      return drift;
    }
    drift.templateRef = templateRef;
    drift.version = version;
    const known = histories.get(templateRef);
    drift.templateTitle = known ? titleOf(known.entity) : undefined;
    const history = known?.history;
    if (!history || !version || !isSemver(version) || !history.has(version)) {
      drift.status = 'unknown-version';
      if (!known) {
        problems.push(
          `It came from ${templateRef}, which the catalog does not have.`,
        );
      } else if (!history) {
        problems.push(
          `The versions of ${drift.templateTitle} could not be read.`,
        );
      } else {
        problems.push(
          `Version ${version ?? '(none)'} is not one of ${
            drift.templateTitle
          }'s versions.`,
        );
      }
      drift.error = problems.join(' ');
      return drift;
    }
    drift.latestVersion = history.currentVersion;
    drift.behind = history.versionsBehind(version);
    drift.supported = history.supports(version);
    if (!drift.supported) drift.status = 'unsupported';
    else drift.status = drift.behind === 0 ? 'current' : 'behind';
    drift.upgradeable =
      Boolean(repository) && semver.lt(version, history.currentVersion);
    if (problems.length) drift.error = problems.join(' ');
    return drift;
  }

  private repositoryOf(entity: Entity): string | undefined {
    return this.options.reader.repositoryOf(entity);
  }

  /** The components the caller may read in the catalog, by ref. */
  async visibleComponents(credentials: BackstageCredentials) {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'Component' },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    return new Set(items.map(e => stringifyEntityRef(e)));
  }

  /**
   * The snapshot as one caller sees it: only the components the caller may
   * read in the catalog, filtered, with per-version counts of those shown.
   */
  async view(
    snapshot: DriftSnapshot | undefined,
    filter: DriftFilter,
    visible: Set<string>,
  ): Promise<DriftResponse> {
    const services = (snapshot?.services ?? []).filter(
      s =>
        visible.has(s.entityRef) &&
        (!filter.owner?.length ||
          (s.ownerRef && filter.owner.includes(s.ownerRef))) &&
        (!filter.system?.length ||
          (s.systemRef && filter.system.includes(s.systemRef))) &&
        (!filter.tier?.length || filter.tier.includes(s.tier ?? 'none')),
    );
    const templates = (snapshot?.templates ?? []).map(t => ({
      ...t,
      versions: t.versions.map(v => ({
        ...v,
        services: services.filter(
          s => s.templateRef === t.ref && s.version === v.version,
        ).length,
      })),
    }));
    const count = (status: ServiceDrift['status']) =>
      services.filter(s => s.status === status).length;
    return {
      generatedAt: snapshot?.generatedAt ?? null,
      templates,
      services,
      counts: {
        current: count('current'),
        behind: count('behind'),
        unsupported: count('unsupported'),
        unknownVersion: count('unknown-version'),
        notFromTemplate: count('not-from-template'),
      },
    };
  }
}

/**
 * The chassis version a service runs: the lockfile's resolved version, else
 * the range in package.json, else 'none' (plumbing copied in, 1.0.0).
 */
export function chassisVersionOf(
  lock: Buffer | undefined,
  pkg: Buffer | undefined,
): string | undefined {
  try {
    const locked = lock
      ? JSON.parse(lock.toString('utf8'))?.packages?.[`node_modules/${CHASSIS}`]
          ?.version
      : undefined;
    if (typeof locked === 'string') return locked;
    const manifest = pkg ? JSON.parse(pkg.toString('utf8')) : undefined;
    if (!manifest) return undefined;
    const range =
      manifest.dependencies?.[CHASSIS] ?? manifest.devDependencies?.[CHASSIS];
    return typeof range === 'string' ? range : 'none';
  } catch {
    return undefined;
  }
}
