import type { Migration } from '@golden-path/service-chassis';

/**
 * The PlaceOrder example: orders (the orchestrator's side) and the three
 * participants' own tables (inventory, payments, shipments); their
 * idempotency records are the chassis' `idempotency_keys`. Money is integer cents; timestamps are
 * epoch milliseconds (BIGINT).
 */
export const domainMigrations: Migration[] = [
  {
    name: '200_orders',
    async up(knex) {
      await knex.schema.createTable('orders', t => {
        t.string('id', 64).primary();
        t.string('customer_id', 200).notNullable();
        /** pending | confirmed | cancelled | failed */
        t.string('status', 20).notNullable();
        /** JSON: [{ sku, quantity }] */
        t.text('items').notNullable();
        t.string('payment_method', 100).notNullable();
        /** JSON: the shipping address. */
        t.text('shipping_address').notNullable();
        t.string('saga_id', 64).notNullable().unique();
        t.bigInteger('total_cents').nullable();
        t.text('cancel_reason').nullable();
        t.bigInteger('created_at').notNullable();
        t.bigInteger('updated_at').notNullable();
        t.index(['customer_id', 'created_at'], 'orders_customer');
      });
    },
    async down(knex) {
      await knex.schema.dropTable('orders');
    },
  },
  {
    name: '201_participants',
    async up(knex) {
      await knex.schema.createTable('inventory_stock', t => {
        t.string('sku', 100).primary();
        t.integer('available').notNullable();
        t.integer('price_cents').notNullable();
        t.bigInteger('updated_at').notNullable();
      });
      await knex.schema.createTable('inventory_reservations', t => {
        t.string('id', 64).primary();
        t.string('order_id', 64).notNullable();
        /** reserved | released */
        t.string('status', 20).notNullable();
        /** JSON: [{ sku, quantity, unitPriceCents }] */
        t.text('items').notNullable();
        t.bigInteger('total_cents').notNullable();
        t.bigInteger('created_at').notNullable();
        t.bigInteger('released_at').nullable();
        t.index(['order_id'], 'inventory_reservations_order');
      });
      await knex.schema.createTable('payments', t => {
        t.string('id', 64).primary();
        t.string('order_id', 64).notNullable();
        /** charged | refunded (a declined charge leaves no row, only its idempotency record) */
        t.string('status', 20).notNullable();
        t.string('method', 100).notNullable();
        t.bigInteger('amount_cents').notNullable();
        t.bigInteger('created_at').notNullable();
        t.bigInteger('refunded_at').nullable();
        t.index(['order_id'], 'payments_order');
      });
      await knex.schema.createTable('shipments', t => {
        t.string('id', 64).primary();
        t.string('order_id', 64).notNullable();
        /** created */
        t.string('status', 20).notNullable();
        t.string('country', 2).notNullable();
        /** JSON: the address. */
        t.text('address').notNullable();
        /** JSON: [{ sku, quantity }] */
        t.text('items').notNullable();
        t.bigInteger('created_at').notNullable();
        t.index(['order_id'], 'shipments_order');
      });
    },
    async down(knex) {
      await knex.schema.dropTable('shipments');
      await knex.schema.dropTable('payments');
      await knex.schema.dropTable('inventory_reservations');
      await knex.schema.dropTable('inventory_stock');
    },
  },
  {
    // Example stock so `POST /orders` works on a fresh service; change it
    // with `PUT /inventory/stock/:sku`. SOLD-OUT has none: ordering it shows
    // a failed reservation (nothing to compensate).
    name: '202_example_stock',
    async up(knex) {
      const now = Date.now();
      await knex('inventory_stock').insert([
        { sku: 'WIDGET', available: 1000, price_cents: 1999, updated_at: now },
        { sku: 'GADGET', available: 1000, price_cents: 4999, updated_at: now },
        { sku: 'SOLD-OUT', available: 0, price_cents: 999, updated_at: now },
      ]);
    },
    async down(knex) {
      await knex('inventory_stock')
        .whereIn('sku', ['WIDGET', 'GADGET', 'SOLD-OUT'])
        .delete();
    },
  },
  {
    // The customer statistics read model (src/domain/customerStats.ts), kept
    // by the customer-stats consumer from the order events.
    name: '203_customer_order_stats',
    async up(knex) {
      await knex.schema.createTable('customer_order_stats', t => {
        t.string('customer_id', 200).primary();
        t.integer('placed').notNullable();
        t.integer('confirmed').notNullable();
        t.integer('cancelled').notNullable();
        t.bigInteger('confirmed_cents').notNullable();
        t.bigInteger('updated_at').notNullable();
      });
    },
    async down(knex) {
      await knex.schema.dropTable('customer_order_stats');
    },
  },
];
