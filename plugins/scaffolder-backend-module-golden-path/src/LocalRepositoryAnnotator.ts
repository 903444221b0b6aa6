import { Entity } from '@backstage/catalog-model';
import { CatalogProcessor, LocationSpec } from '@backstage/plugin-catalog-node';
import { ANNOTATION_LOCAL_REPOSITORY } from '@golden-path/plugin-golden-path-common';
import { LocalPublishRoot } from './LocalPublishRoot';

/**
 * Marks entities read from a repository under the local publish root with
 * `golden-path.io/local-repository: <folder>`, so the frontend shows their
 * Repository tab; removes the annotation from every other entity, so a
 * catalog file cannot claim it.
 */
export class LocalRepositoryAnnotator implements CatalogProcessor {
  constructor(private readonly publishRoot: LocalPublishRoot) {}

  getProcessorName() {
    return 'GoldenPathLocalRepositoryAnnotator';
  }

  /** The repository folder a `file` location lies in, if any. */
  repositoryOf(location: LocationSpec): string | undefined {
    return location.type === 'file'
      ? this.publishRoot.repositoryOf(location.target)
      : undefined;
  }

  async preProcessEntity(entity: Entity, location: LocationSpec) {
    const repository = this.repositoryOf(location);
    const annotations = { ...entity.metadata.annotations };
    if (repository) {
      annotations[ANNOTATION_LOCAL_REPOSITORY] = repository;
    } else if (ANNOTATION_LOCAL_REPOSITORY in annotations) {
      delete annotations[ANNOTATION_LOCAL_REPOSITORY];
    } else {
      return entity;
    }
    return { ...entity, metadata: { ...entity.metadata, annotations } };
  }
}
