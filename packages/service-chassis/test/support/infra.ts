export * from '../../src/testing/infra';
