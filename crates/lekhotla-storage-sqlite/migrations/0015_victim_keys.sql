-- Issue 11: what the victims count groups by, kept with the victim so that it reads one narrow table and not
-- the persons (wide with sealed columns) and the cases: the person's gender and citizenship, the case's
-- district and detection source. The application writes them with the case; rows from before are set here.
ALTER TABLE victims ADD COLUMN gender TEXT;
ALTER TABLE victims ADD COLUMN citizenship TEXT NOT NULL DEFAULT '';
ALTER TABLE victims ADD COLUMN district TEXT NOT NULL DEFAULT '';
ALTER TABLE victims ADD COLUMN detection_source TEXT NOT NULL DEFAULT '';
UPDATE victims SET
    gender = (SELECT p.gender FROM persons p WHERE p.id = victims.person_id),
    citizenship = (SELECT p.citizenship FROM persons p WHERE p.id = victims.person_id),
    district = (SELECT c.district FROM cases c WHERE c.id = victims.case_id),
    detection_source = (SELECT c.detection_source FROM cases c WHERE c.id = victims.case_id);
CREATE INDEX victims_district_identified_idx ON victims (district, identified_on);
