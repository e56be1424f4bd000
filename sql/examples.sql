-- Example queries over a mirror in the default schema, `hubspot`. Run them with
--   psql "$DATABASE_URL" -f sql/examples.sql
-- or paste them one at a time (under `replicator demo`, psql connects to the URL it prints).
-- Each pair of object types is stored once in `associations`, from the table name that sorts
-- first: companies -> contacts, contacts -> deals, deals -> line_items, …

-- How much of the portal is mirrored, and how fresh it is.
select 'contacts' as object, count(*) as rows, max(_updated_at) as newest_change from hubspot.contacts
union all
select 'companies', count(*), max(_updated_at) from hubspot.companies
union all
select 'deals', count(*), max(_updated_at) from hubspot.deals;

-- The ten most recently changed contacts.
select id, firstname, lastname, email, lifecyclestage, _updated_at
from hubspot.contacts
order by _updated_at desc
limit 10;

-- Each contact with its companies (a contact may have several; the label says which role).
select ct.id, ct.firstname, ct.lastname, co.name as company, a.label
from hubspot.contacts ct
join hubspot.associations a
  on a.from_type = 'companies' and a.to_type = 'contacts' and a.to_id = ct.id
join hubspot.companies co on co.id = a.from_id
order by ct.id
limit 20;

-- Companies by open pipeline: deals associated with them that are not closed.
select co.name, count(d.id) as open_deals, sum(d.amount) as open_amount
from hubspot.companies co
join hubspot.associations a
  on a.from_type = 'companies' and a.from_id = co.id and a.to_type = 'deals'
join hubspot.deals d on d.id = a.to_id
where d.dealstage not in ('closedwon', 'closedlost')
group by co.name
order by open_amount desc nulls last
limit 10;

-- Deals with their contacts labelled "Champion" (a user-defined association label).
select d.dealname, d.amount, ct.firstname, ct.lastname
from hubspot.deals d
join hubspot.associations a
  on a.from_type = 'contacts' and a.to_type = 'deals' and a.to_id = d.id and a.label = 'Champion'
join hubspot.contacts ct on ct.id = a.from_id;

-- Deals with their line items.
select d.dealname, li.name as line_item, li.quantity, li.price
from hubspot.deals d
join hubspot.associations a
  on a.from_type = 'deals' and a.from_id = d.id and a.to_type = 'line_items'
join hubspot.line_items li on li.id = a.to_id
order by d.id
limit 20;

-- What was deleted lately, and why (archived, merged into another record, purged).
select object_type, id, reason, merged_into, deleted_at
from hubspot._deleted
order by deleted_at desc
limit 20;

-- Values HubSpot sent that did not fit their property's type (stored as NULL).
select object_type, property, count(*) as rejects, min(raw_value) as example
from hubspot._rejects
group by object_type, property
order by rejects desc;

-- Which column holds which HubSpot property (names that are not valid identifiers are mangled).
select object_type, property, column_name, pg_type
from hubspot._columns
where property <> column_name
order by object_type, property;

-- The live stages: last cycle, running totals and last error (what `replicator status` reads).
select object_type, stage, runs, errors, last_finished_at, last_result, last_error, owner
from hubspot._stage_runs
order by object_type, stage;

-- Wait for changes: every insert, update and delete of a mirrored row arrives as
--   {"table": "contacts", "op": "update", "id": "42"}
listen hubspot_changes;
