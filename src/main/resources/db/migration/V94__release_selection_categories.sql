-- A selected document keeps every sensitive category it falls in (its type's and all its flags), comma-separated.
alter table release_selection alter column category set data type varchar(100);
