-- A call's storage share is written once, when its recording is first stored.

create unique index call_charges_storage_once on call_charges (call_id) where category = 'storage';
