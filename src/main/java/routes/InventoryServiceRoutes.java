package routes;

import domain.Step;

/** Inventory service: ReserveInventory, its compensation ReleaseInventory, and its completion ConfirmInventory. */
public class InventoryServiceRoutes extends ParticipantRoutes {

    @Override
    public void configure() {
        action(Step.RESERVE_INVENTORY, "take every item's stock, all or none", "inventoryRepository", "reserve");
        compensation(Step.RELEASE_INVENTORY, "give the reserved stock back", "inventoryRepository", "release");
        completion(Step.CONFIRM_INVENTORY, "the reserved stock is sold", "inventoryRepository", "confirm");
    }
}
