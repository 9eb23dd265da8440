-- The age conflict edit in the four categories of the Medicare Code Editor (MCE edit 3): newborn (age 0), pediatric
-- (ages 0-17), maternity (ages 9-64) and adult (ages 15-124). Each age range now names its category and its own
-- source. The codes are a conservative subset of the MCE lists: codes the CMS Definitions of Medicare Code Edits list
-- in that category, checked against the FY2026 ICD-10-CM order file.
--
-- The newborn category lists no chapter 16 (P00-P96) codes: perinatal conditions may be reported at any age while
-- they persist (ICD-10-CM Official Guidelines I.C.16.a.4), and the MCE newborn list names the liveborn-infant,
-- newborn-examination and newborn-observation codes instead, which replace the earlier P00-P96 row here.
alter table coding_edit_code add column category varchar(20);
alter table coding_edit_code add column source varchar(400);

update coding_edit set source =
  'MCE edit 3, age conflict: newborn (age 0), pediatric (ages 0-17), maternity (ages 9-64) and adult (ages 15-124)'
  || ' diagnoses, age at admission; each age range names its category and source; a subset of the MCE tables'
 where code = 'age-conflict';

delete from coding_edit_code where edit_code = 'age-conflict' and first_code = 'P00' and last_code = 'P96';

update coding_edit_code set category = 'maternity',
  source = 'CMS Medicare Code Editor, Definitions of Medicare Code Edits, maternity diagnoses (age 9-64), subset'
 where edit_code = 'age-conflict' and min_age = 9 and max_age = 64;

insert into coding_edit_code (edit_code, first_code, last_code, sex, min_age, max_age, category, source) values
 -- newborn: liveborn infants by place of birth, newborn health examinations, newborn observation for suspected
 -- conditions ruled out, tetanus neonatorum, adherent prepuce of the newborn, neonatal nasolacrimal duct obstruction
 ('age-conflict', 'Z38', 'Z38', null, 0, 0, 'newborn',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, newborn diagnoses (age 0), subset'),
 ('age-conflict', 'Z0011', 'Z0011', null, 0, 0, 'newborn',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, newborn diagnoses (age 0), subset'),
 ('age-conflict', 'Z05', 'Z05', null, 0, 0, 'newborn',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, newborn diagnoses (age 0), subset'),
 ('age-conflict', 'A33', 'A33', null, 0, 0, 'newborn',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, newborn diagnoses (age 0), subset'),
 ('age-conflict', 'N470', 'N470', null, 0, 0, 'newborn',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, newborn diagnoses (age 0), subset'),
 ('age-conflict', 'H0453', 'H0453', null, 0, 0, 'newborn',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, newborn diagnoses (age 0), subset'),
 -- maternity, beside O00-O9A and Z3A: pregnant state, supervision of normal pregnancy, antenatal screening,
 -- outcome of delivery, postpartum care
 ('age-conflict', 'Z33', 'Z37', null, 9, 64, 'maternity',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, maternity diagnoses (age 9-64), subset'),
 ('age-conflict', 'Z39', 'Z39', null, 9, 64, 'maternity',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, maternity diagnoses (age 9-64), subset'),
 -- pediatric: infant botulism, infantile and juvenile cataract, infantile seborrheic dermatitis, infantile acne,
 -- delayed milestone in childhood, failure to thrive (child), nonspecific symptoms peculiar to infancy (excessive
 -- crying, fussy infant, ALTE), shaken infant syndrome, routine child health examination
 ('age-conflict', 'A4851', 'A4851', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 ('age-conflict', 'H260', 'H260', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 ('age-conflict', 'L211', 'L211', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 ('age-conflict', 'L704', 'L704', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 ('age-conflict', 'R620', 'R620', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 ('age-conflict', 'R6251', 'R6251', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 ('age-conflict', 'R681', 'R681', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 ('age-conflict', 'T744', 'T744', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 ('age-conflict', 'Z0012', 'Z0012', null, 0, 17, 'pediatric',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, pediatric diagnoses (age 0-17), subset'),
 -- adult: adult T-cell lymphoma/leukemia, unspecified disorder of adult personality, Alzheimer's disease with late
 -- onset, age-related cataract, age-related macular degeneration, adult pulmonary Langerhans cell histiocytosis,
 -- adult hypertrophic pyloric stenosis, adult-onset Still's disease, age-related osteoporosis with current
 -- pathological fracture, general adult medical examination, adult body mass index, adult antisocial behavior
 ('age-conflict', 'C915', 'C915', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'F69', 'F69', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'G301', 'G301', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'H25', 'H25', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'H3531', 'H3532', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'J8482', 'J8482', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'K311', 'K311', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'M061', 'M061', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'M800', 'M800', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'Z000', 'Z000', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'Z681', 'Z684', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset'),
 ('age-conflict', 'Z72811', 'Z72811', null, 15, 124, 'adult',
  'CMS Medicare Code Editor, Definitions of Medicare Code Edits, adult diagnoses (age 15-124), subset');
