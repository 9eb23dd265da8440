package org.chartkeeper.completion;

import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemCompletion;
import org.springframework.stereotype.Component;

/**
 * A physician-query work item is done when the provider answers the query (the answer goes into the record), never
 * by completing the item in the generic queue screen.
 */
@Component
class QueryItemCompletion implements WorkItemCompletion {

    @Override
    public String itemType() {
        return QueryService.ITEM_TYPE;
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(new Outcome("answered", "Answered"));
    }

    @Override
    public void checkAllowed(WorkItem item) {
        throw new InvalidRequestException("status", "Answer physician query " + item.subjectId() + " on its page (Queries);"
                + " the work item completes itself when the answer is filed in the record");
    }

    @Override
    public void completed(WorkItem item, Outcome outcome, String note) {
        // never reached: checkAllowed refuses
    }
}
