/**
 * What the persons module announces, inside the transaction of the change (src/core/hooks.ts). Reacting modules
 * (exchange notices) register in src/modules/wiring.ts, so persons depends on none of them.
 */
import { Hook } from '../../core/hooks.ts';
import type { Db } from '../../db/database.ts';
import type { PersonRow } from './persons.repository.ts';

/** A person's facts the reactions read: the exchange rules look at divisions, dates and marital status. */
export type PersonFacts = Pick<
  PersonRow,
  'id' | 'version' | 'name' | 'hukou_division' | 'residence_division' | 'arrived_on' | 'departed_on' | 'marital_status'
>;

export interface PersonRegistered {
  /** The jurisdiction of the office that registered the person (an inflow registration notifies the origin). */
  registeredBy: string;
  person: PersonFacts;
}

export interface PeopleRegistered {
  registeredBy: string;
  people: readonly Omit<PersonFacts, 'version' | 'departed_on' | 'marital_status'>[];
}

export interface PersonChanged {
  before: PersonFacts;
  after: PersonFacts;
}

export const personRegistered = new Hook<Db, PersonRegistered>('personRegistered');
/** A group registered at once (the importer): one call, so a reaction can write its rows set-based. */
export const peopleRegistered = new Hook<Db, PeopleRegistered>('peopleRegistered');
/** Every new version of a person: an amendment, a move, a departure, a link to an employer or landlord. */
export const personChanged = new Hook<Db, PersonChanged>('personChanged');

/** The two records of a merge, as the reactions need them. */
export interface PersonMerge {
  mergeId: string;
  survivor: PersonRow;
  merged: PersonRow;
}

export interface PersonMerging extends PersonMerge {
  /** The division prefixes this deployment serves (empty: all); the exchange notifies offices outside them. */
  served: readonly string[];
  /** Whether this is the preview: handlers move and check as for real, then everything is rolled back. */
  preview: boolean;
  /** Each handler records the rows it moved from the merged record to the survivor: name → row keys. */
  moved: Record<string, string[]>;
}

export interface PersonUnmerging extends PersonMerge {
  served: readonly string[];
  /** The rows the merge moved (its trail): each handler moves its own back, or refuses (409). */
  moved: Readonly<Record<string, readonly string[]>>;
  /** What the handlers report as not put back exactly (shown to the user). */
  notes: string[];
}

/** A merge moves everything of the merged record to the survivor: each owning module moves its own rows. */
export const personMerging = new Hook<Db, PersonMerging>('personMerging');
/** An unmerge puts back what the merge moved, from the trail. */
export const personUnmerging = new Hook<Db, PersonUnmerging>('personUnmerging');
