-- What a release package holds (the titles of its records), for the disclosure recorded when it is delivered or
-- first downloaded by the recipient (no one is signed in then to read the record).
alter table release_package add column contents varchar(1000);

-- A request's extension notice states the reasons for the delay (45 CFR 164.524(b)(2)(iii)).
alter table roi_request add column extension_reason varchar(1000);

-- The further facts a specialist verified on a request (legal process and the three-part test, a government
-- official's legal authority, the workers' compensation claim, the provider's treating relationship, the payer's
-- purpose and member match, an IRB waiver): their codes, comma-separated.
alter table roi_request add column request_facts varchar(500);
