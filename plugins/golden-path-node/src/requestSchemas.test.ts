import { z } from 'zod';
import {
  entityRefSchema,
  parseInput,
  repeatableSchema,
} from './requestSchemas';

describe('request schemas', () => {
  const schema = z.strictObject({
    owner: repeatableSchema(entityRefSchema('group')).optional(),
    entity: entityRefSchema().optional(),
  });

  it('normalises refs and repeated parameters', () => {
    expect(
      parseInput(schema, {
        owner: ['Team-A', 'group:ops/b'],
        entity: 'Component:default/X',
      }),
    ).toEqual({
      owner: ['group:default/team-a', 'group:ops/b'],
      entity: 'component:default/x',
    });
    expect(parseInput(schema, { owner: 'team-a' })).toEqual({
      owner: ['group:default/team-a'],
    });
  });

  it.each(['', 'a:b:c', 'kind:ns/', 'component:default/bad name'])(
    'refuses the entity ref %j naming the field',
    value => {
      expect(() => parseInput(schema, { entity: value })).toThrow(
        /^Invalid query parameter 'entity': '.*' is not an entity ref like component:default\/name/,
      );
    },
  );

  it('names unknown parameters', () => {
    expect(() => parseInput(schema, { x: '1', y: '2' })).toThrow(
      "Unknown query parameters 'x', 'y'",
    );
    expect(() => parseInput(schema, { x: 1 }, 'field')).toThrow(
      "Unknown field 'x'",
    );
  });
});
