import { makeSloRef, parseSloRef } from './SloApi';

describe('sloRef', () => {
  it('joins and splits entity ref and SLO name', () => {
    const ref = makeSloRef('Component:default/Orders', 'orders-availability');
    expect(ref).toBe('component:default/orders#orders-availability');
    expect(parseSloRef(ref)).toEqual({
      entityRef: 'component:default/orders',
      sloName: 'orders-availability',
    });
  });

  it.each([
    '',
    '#x',
    'component:default/orders#',
    'orders#x',
    'component:default#x',
    'a:b:c/d#x',
    'component:default/or ders#x',
  ])('refuses %j', value => {
    expect(parseSloRef(value)).toBeNull();
  });
});
