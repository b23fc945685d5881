namespace PryvBus.Leader.Rollout;

/// <summary>Told of every rollout transition (the metrics count them: started, halted, completed…).</summary>
public interface IRolloutObserver
{
    void Transition(string role, string transition);
}
