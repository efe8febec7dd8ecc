package com.caly.telephony;

import com.caly.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PhoneNumbers {

    private static final String COLUMNS = "id, company_id, e164, label, created_at";

    private final JdbcClient jdbc;

    PhoneNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PhoneNumber insert(TenantId companyId, String e164, @Nullable String label) {
        return jdbc.sql(
                        "insert into phone_numbers (company_id, e164, label) values (:company, :e164, :label) returning "
                                + COLUMNS)
                .param("company", companyId.value())
                .param("e164", e164)
                .param("label", label)
                .query(PhoneNumbers::map)
                .single();
    }

    List<PhoneNumber> findAll(TenantId companyId) {
        return jdbc.sql("select " + COLUMNS + " from phone_numbers where company_id = :company order by created_at, id")
                .param("company", companyId.value())
                .query(PhoneNumbers::map)
                .list();
    }

    boolean delete(TenantId companyId, UUID id) {
        return jdbc.sql("delete from phone_numbers where company_id = :company and id = :id")
                        .param("company", companyId.value())
                        .param("id", id)
                        .update()
                == 1;
    }

    /** Routing reads a number across companies: the dialled number is what tells which company a call is for. */
    Optional<PhoneNumber> findByNumber(String e164) {
        return jdbc.sql("select " + COLUMNS + " from phone_numbers where e164 = :e164")
                .param("e164", e164)
                .query(PhoneNumbers::map)
                .optional();
    }

    private static PhoneNumber map(ResultSet rs, int row) throws SQLException {
        return new PhoneNumber(
                rs.getObject("id", UUID.class),
                new TenantId(rs.getObject("company_id", UUID.class)),
                rs.getString("e164"),
                rs.getString("label"),
                rs.getTimestamp("created_at").toInstant());
    }
}
